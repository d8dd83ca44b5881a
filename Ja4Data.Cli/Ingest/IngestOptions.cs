namespace Ja4Data.Cli.Ingest;

/// <summary>What to ingest and how hard.</summary>
/// <param name="Rows">Rows in total.</param>
/// <param name="Workers">Concurrent workers, each with its own pooled connection per batch.</param>
/// <param name="BatchSize">Rows per INSERT.</param>
/// <param name="Mode">Columnar bulk writer or row API.</param>
/// <param name="Seed">Generator seed; the same seed gives the same rows.</param>
/// <param name="StartUnixMs">Timestamp of the first row.</param>
/// <param name="Window">Time the rows cover.</param>
/// <param name="BlockSize">
/// Rows per Native block within a columnar INSERT. The client holds one uncompressed block per connection, so this,
/// not the batch size, bounds memory: 10,000 JSON lines are about 3.5 MB.
/// </param>
internal sealed record IngestOptions(long Rows, int Workers, int BatchSize, InsertMode Mode, ulong Seed, long StartUnixMs, TimeSpan Window, int BlockSize = IngestOptions.DefaultBlockSize)
{
    public const int DefaultSeed = 4;

    public const int DefaultBlockSize = 10_000;

    /// <summary>Rows spread over the hour before now: inside every "last 24 hours" view.</summary>
    public static IngestOptions Recent(long rows, int workers, int batchSize, InsertMode mode, ulong seed = DefaultSeed, int blockSize = DefaultBlockSize)
        => new(rows, workers, batchSize, mode, seed, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1), blockSize);

    public long BatchCount => (Rows + BatchSize - 1) / BatchSize;

    /// <summary>Throws for values the runner cannot work with.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Rows, 1, nameof(Rows));
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 1, nameof(BlockSize));
    }
}
