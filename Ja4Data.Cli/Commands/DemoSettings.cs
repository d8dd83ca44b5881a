using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Commands;

/// <summary>The options of <c>ja4data demo</c>: the workload and the server; the demo always ingests JSON lines with the bulk writer.</summary>
internal sealed class DemoSettings : WorkloadSettings
{
    public IngestOptions ToIngestOptions() => ToIngestOptions(InsertMode.Columnar, IngestOptions.DefaultSeed, IngestOptions.DefaultBlockSize);
}
