namespace Ja4Data.Samples.IngestWorker;

/// <summary>The <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    /// <summary>Table in the connection's database; created when missing.</summary>
    public string Table { get; set; } = "ja4_sample_http_logs";

    /// <summary>Rows per insert.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>A partial batch is inserted after this long.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many log lines the generator makes per second.</summary>
    public int LinesPerSecond { get; set; } = 2000;
}
