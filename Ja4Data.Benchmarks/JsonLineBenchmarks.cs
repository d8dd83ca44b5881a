using BenchmarkDotNet.Attributes;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Benchmarks;

/// <summary>
/// The ingest generator's JSON lines for <c>http_logs_raw</c>, per row: one Native block of generated rows encoded as
/// UTF-8 lines (the Mean is ns/row, Allocated is bytes/row, MB/s counts the JSON bytes), and the row API's one string
/// per row.
/// </summary>
[MemoryDiagnoser]
public class JsonLineBenchmarks
{
    /// <summary>The ingest's default Native block size.</summary>
    public const int Rows = 10_000;

    private static double? _bytesPerRow;

    private HttpLogBatch _batch = null!;
    private JsonLineEncoder _encoder = null!;

    /// <summary>JSON bytes per row of the generated block (measured by encoding it once).</summary>
    public static double PayloadBytes(string method, IReadOnlyDictionary<string, object> parameters)
    {
        if (_bytesPerRow is null)
        {
            var benchmark = new JsonLineBenchmarks();
            benchmark.Setup();
            benchmark.EncodeBlock();
            _bytesPerRow = (double)benchmark._encoder.Lines.ToArray().Sum(l => l.Length) / Rows;
        }

        return _bytesPerRow.Value;
    }

    [GlobalSetup]
    public void Setup()
    {
        _batch = new HttpLogBatch(Rows);
        new HttpLogGenerator(4, 1_700_000_000_000, TimeSpan.FromHours(1), Rows).Fill(_batch, 0, 0, Rows);
        _encoder = new JsonLineEncoder();

        // The first block sizes the encoder's buffers; the ingest reuses them from block to block.
        _encoder.Encode(_batch, 0, Rows);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int EncodeBlock()
    {
        _encoder.Encode(_batch, 0, Rows);
        return _encoder.Lines.Length;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int ToJsonPerRow()
    {
        var length = 0;
        for (var i = 0; i < Rows; i++)
        {
            length += _encoder.ToJson(_batch, i).Length;
        }

        return length;
    }
}
