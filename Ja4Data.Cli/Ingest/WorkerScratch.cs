using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>What one ingest worker reuses from batch to batch, so steady-state ingest allocates almost nothing.</summary>
internal sealed class WorkerScratch(int batchSize)
{
    public HttpLogBatch Batch { get; } = new(batchSize);

    public JsonLineEncoder Json { get; } = new();
}
