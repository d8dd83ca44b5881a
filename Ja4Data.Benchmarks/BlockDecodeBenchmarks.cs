using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Benchmarks;

/// <summary>
/// Whole result blocks through <see cref="BlockReader"/>, as the connector reads them: a block of six typical columns
/// (UInt64, Float64, String, Nullable(String), LowCardinality(String), Array(UInt32)) at the servers' default block size
/// and at one million rows, plain or in the 1 MiB LZ4 frames servers send. The Mean is per block.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes.")]
public class BlockDecodeBenchmarks
{
    private static readonly string[] Names = ["id", "score", "host", "agent", "method", "ports"];
    private static readonly string[] Types = ["UInt64", "Float64", "String", "Nullable(String)", "LowCardinality(String)", "Array(UInt32)"];

    private MemoryStream _encoded = null!;

    [Params(65_409, 1_000_000)]
    public int Rows { get; set; }

    [Params(false, true)]
    public bool Lz4 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        var builders = Types.Select(t => ColumnCodecFactory.Get(t).CreateBuilder()).ToArray();
        string[] methods = ["GET", "POST", "PUT", "DELETE", "HEAD"];
        for (var i = 0; i < Rows; i++)
        {
            builders[0].Append((ulong)random.NextInt64());
            builders[1].Append(random.NextDouble());
            builders[2].Append("host-" + random.Next(100_000) + ".example.com");
            builders[3].Append(i % 7 == 0 ? null : "Mozilla/5.0 agent " + random.Next(1000));
            builders[4].Append(methods[random.Next(methods.Length)]);
            builders[5].Append(Enumerable.Range(0, random.Next(0, 5)).Select(_ => (uint)random.Next(65536)).ToArray());
        }

        using var block = new ProtocolWriter();
        BlockWriter.Write(block, BlockFormat.Tcp(ProtocolRevision.Current), Names, Types, builders, Rows);
        using var output = new ProtocolWriter();
        var bytes = block.WrittenSpan;
        if (!Lz4)
        {
            output.WriteBytes(bytes);
        }
        else
        {
            for (var offset = 0; offset < bytes.Length; offset += CompressedFrame.MaxBlockSize)
            {
                CompressedFrame.Write(bytes.Slice(offset, Math.Min(CompressedFrame.MaxBlockSize, bytes.Length - offset)), CompressionMethod.Lz4, output);
            }
        }

        _encoded = new MemoryStream(output.WrittenSpan.ToArray(), writable: false);
        foreach (var builder in builders)
        {
            builder.Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _encoded.Dispose();

    [Benchmark]
    public int Decode()
    {
        _encoded.Position = 0;
        using var raw = new StreamProtocolReader(_encoded);
        using var compressed = Lz4 ? new CompressedProtocolReader(raw) : null;
        using var block = SyncCompletion.Result(BlockReader.ReadAsync(compressed ?? (ProtocolReader)raw, BlockFormat.Tcp(ProtocolRevision.Current), async: false, CancellationToken.None));
        return block.RowCount;
    }
}
