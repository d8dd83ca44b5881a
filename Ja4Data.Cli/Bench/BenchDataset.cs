using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// The benchmark's rows, generated once and held in memory as column chunks of one insert block each, so that no
/// contender's time includes generating data. Strings are shared vocabulary references: 1M rows take ~100 MB.
/// </summary>
internal sealed class BenchDataset
{
    private BenchDataset(IReadOnlyList<HttpLogBatch> chunks)
    {
        Chunks = chunks;
        Rows = chunks.Sum(c => (long)c.Count);
        PayloadBytes = chunks.Sum(c => c.PayloadBytes());
    }

    public IReadOnlyList<HttpLogBatch> Chunks { get; }

    public long Rows { get; }

    /// <summary>Native-encoded size before compression.</summary>
    public long PayloadBytes { get; }

    /// <summary>A dataset of existing chunks (warm-ups, tests).</summary>
    public static BenchDataset Of(params HttpLogBatch[] chunks) => new(chunks);

    public static BenchDataset Generate(long rows, int chunkSize, ulong seed, long startUnixMs)
    {
        var generator = new HttpLogGenerator(seed, startUnixMs, TimeSpan.FromHours(1), rows);
        var chunks = new List<HttpLogBatch>();
        for (long first = 0, index = 0; first < rows; first += chunkSize, index++)
        {
            var count = (int)Math.Min(chunkSize, rows - first);
            var chunk = new HttpLogBatch(count);
            generator.Fill(chunk, index, first, count);
            chunks.Add(chunk);
        }

        return new BenchDataset(chunks);
    }

    /// <summary>All rows as typed records (built once, before any timing).</summary>
    public HttpLogRecord[] Records()
    {
        var records = new HttpLogRecord[Rows];
        var i = 0;
        foreach (var c in Chunks)
        {
            for (var r = 0; r < c.Count; r++)
            {
                records[i++] = new HttpLogRecord(
                    c.TimestampMs[r], c.SourceIp[r], c.SourcePort[r], c.Host[r], c.Method[r], c.Path[r], c.Status[r], c.Ja4[r], c.Ja4H[r], c.UserAgent[r], c.Bytes[r], c.LatencyMs[r]);
            }
        }

        return records;
    }

    /// <summary>All rows as the row API takes them: a fresh array per row.</summary>
    public IEnumerable<IReadOnlyList<object?>> RowValues()
    {
        foreach (var chunk in Chunks)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                yield return chunk.RowValues(i);
            }
        }
    }
}
