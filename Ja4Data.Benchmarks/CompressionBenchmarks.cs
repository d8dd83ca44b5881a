using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ja4Data.Protocol.Compression;

namespace Ja4Data.Benchmarks;

/// <summary>
/// One 1 MiB frame (the size the writer cuts blocks into) of log-like Native data: LZ4 compression, decompression
/// with checksum verification, and the CityHash128 checksum alone.
/// </summary>
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private byte[] _block = null!;
    private byte[] _frame = null!;
    private byte[] _destination = null!;
    private ArrayBufferWriter<byte> _output = null!;

    public static double PayloadBytes(string method, IReadOnlyDictionary<string, object> parameters) => CompressedFrame.MaxBlockSize;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var words = new[] { "GET", "POST", "/api/v2/products/", "www.shop.example", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "t13d1516h2_8daaf6152771_02713d6af862", "200", "404" };
        using var text = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        while (text.Length < CompressedFrame.MaxBlockSize)
        {
            var word = System.Text.Encoding.ASCII.GetBytes(words[random.Next(words.Length)] + random.Next(100000));
            text.WriteByte((byte)word.Length);
            text.Write(word);
            random.NextBytes(number[..3]);
            text.Write(number);
        }

        _block = text.ToArray()[..CompressedFrame.MaxBlockSize];
        _output = new ArrayBufferWriter<byte>(CompressedFrame.MaxBlockSize * 2);
        CompressedFrame.Write(_block, CompressionMethod.Lz4, _output);
        _frame = _output.WrittenSpan.ToArray();
        _destination = new byte[_block.Length];
    }

    [Benchmark]
    public int Lz4Compress()
    {
        _output.ResetWrittenCount();
        CompressedFrame.Write(_block, CompressionMethod.Lz4, _output);
        return _output.WrittenCount;
    }

    /// <summary>Header parse, CityHash128 verification and LZ4 decoding.</summary>
    [Benchmark]
    public int Lz4Decompress()
    {
        var header = CompressedFrame.ReadHeader(_frame);
        CompressedFrame.Decompress(_frame, header, _destination);
        return _destination[^1];
    }

    [Benchmark]
    public UInt128 CityHash128Checksum() => CityHash102.CityHash128(_block);
}
