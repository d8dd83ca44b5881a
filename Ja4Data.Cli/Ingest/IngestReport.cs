namespace Ja4Data.Cli.Ingest;

/// <summary>What an ingest run did and how fast.</summary>
internal sealed record IngestReport
{
    public required string Target { get; init; }

    public required InsertMode Mode { get; init; }

    public required int Workers { get; init; }

    public required int BatchSize { get; init; }

    public required long Rows { get; init; }

    public required long Batches { get; init; }

    /// <summary>Native-encoded size of what was sent, before compression.</summary>
    public required long PayloadBytes { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required double BatchLatencyP50Ms { get; init; }

    public required double BatchLatencyP99Ms { get; init; }

    public required double BatchLatencyMaxMs { get; init; }

    /// <summary>Time spent waiting for a pooled connection, summed over all batches.</summary>
    public required TimeSpan PoolWaitTotal { get; init; }

    public required double PoolWaitP99Ms { get; init; }

    /// <summary>Batches repeated after a transient failure that provably wrote nothing.</summary>
    public required int Retries { get; init; }

    public required long PeakWorkingSetBytes { get; init; }

    /// <summary>Managed bytes allocated during the run (all threads).</summary>
    public required long AllocatedBytes { get; init; }

    public required int Gen0Collections { get; init; }

    public required int Gen2Collections { get; init; }

    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double MegabytesPerSecond => PayloadBytes / 1e6 / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
