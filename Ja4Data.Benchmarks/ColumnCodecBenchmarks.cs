using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Benchmarks;

/// <summary>
/// Encode (convert values into a column builder and write its Native bytes) and decode (read a Native column) per
/// type, per row: the Mean is ns/row, Allocated is bytes/row, MB/s counts the Native bytes.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes.")]
public class ColumnCodecBenchmarks
{
    public const int Rows = 65_536;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> BytesPerRow = new(StringComparer.Ordinal);

    private ColumnCodec _codec = null!;
    private ColumnBuilder _builder = null!;
    private ProtocolWriter _writer = null!;
    private Action<ColumnBuilder> _append = null!;
    private MemoryStream _encoded = null!;

    [Params("UInt64", "UInt16", "Float64", "String", "Nullable(String)", "Array(UInt32)")]
    public string ColumnType { get; set; } = "UInt64";

    /// <summary>Native bytes per row of the test values (measured by encoding them once; the column runs in the host process).</summary>
    public static double PayloadBytes(string method, IReadOnlyDictionary<string, object> parameters)
        => BytesPerRow.GetOrAdd((string)parameters[nameof(ColumnType)], static type =>
        {
            using var builder = ColumnCodecFactory.Get(type).CreateBuilder();
            using var writer = new ProtocolWriter();
            Values.Appender(type, Rows)(builder);
            builder.WritePrefix(writer);
            builder.WriteData(writer);
            return (double)writer.Length / Rows;
        });

    [GlobalSetup]
    public void Setup()
    {
        _codec = ColumnCodecFactory.Get(ColumnType);
        _builder = _codec.CreateBuilder();
        _writer = new ProtocolWriter(Rows * 64);
        _append = Values.Appender(ColumnType, Rows);
        _append(_builder);
        _builder.WritePrefix(_writer);
        _builder.WriteData(_writer);
        _encoded = new MemoryStream(_writer.WrittenSpan.ToArray(), writable: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _builder.Dispose();
        _writer.Dispose();
        _encoded.Dispose();
    }

    /// <summary>Values through the builder (typed, no boxing, where the type allows) into Native bytes.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int Encode()
    {
        _builder.Clear();
        _append(_builder);
        _writer.Clear();
        _builder.WritePrefix(_writer);
        _builder.WriteData(_writer);
        return _writer.Length;
    }

    /// <summary>Native bytes into a column (pooled arrays, returned after).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int Decode()
    {
        _encoded.Position = 0;
        using var reader = new StreamProtocolReader(_encoded);
        var prefix = SyncCompletion.Result(_codec.ReadPrefixAsync(reader, async: false, CancellationToken.None));
        using var column = SyncCompletion.Result(_codec.ReadAsync(reader, Rows, prefix, async: false, CancellationToken.None));
        return column.Count;
    }
}
