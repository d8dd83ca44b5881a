using System.Buffers;
using System.Diagnostics;
using System.Text;
using Ja4Data.Protocol.Compression;

namespace Ja4Data.IntegrationTests.Compression;

/// <summary>
/// ClickHouse's own <c>clickhouse-compressor</c> (CompressedWriteBuffer / CompressedReadBuffer, the code behind the
/// native protocol's compressed blocks) is the oracle: frames must cross between it and us in both directions.
/// </summary>
[TestFixture]
public sealed class ClickHouseCompressorInteropTests
{
    private const string CompressorPath = "/usr/bin/clickhouse-compressor";

    private static readonly int[] Sizes = [1, 15, 16, 17, 127, 128, 129, 1000, 100_000, (3 * CompressedFrame.MaxBlockSize) + 17];

    [OneTimeSetUp]
    public void RequireCompressor()
    {
        if (!File.Exists(CompressorPath))
        {
            Assert.Ignore($"{CompressorPath} is missing: install clickhouse-tools (or clickhouse-client) to run these tests.");
        }
    }

    [Test]
    public void TheirFrames_DecodedByUs_GiveTheOriginalBytes(
        [Values("", "--hc", "--zstd", "--none")] string codecOption,
        [ValueSource(nameof(Sizes))] int size,
        [Values] bool compressible)
    {
        var data = Input(size, compressible);

        var frames = RunCompressor(codecOption, data);

        Assert.That(DecodeAll(frames), Is.EqualTo(data));
    }

    [Test]
    public void OurFrames_DecodedByThem_GiveTheOriginalBytes(
        [Values((byte)0x02, (byte)0x82, (byte)0x90)] byte methodCode,
        [ValueSource(nameof(Sizes))] int size,
        [Values] bool compressible)
    {
        var data = Input(size, compressible);

        var decoded = RunCompressor("--decompress", EncodeAll(data, (CompressionMethod)methodCode));

        Assert.That(decoded, Is.EqualTo(data));
    }

    [Test]
    public void OurEmptyFrames_DecodedByThem_GiveNothing([Values((byte)0x02, (byte)0x82, (byte)0x90)] byte methodCode)
    {
        var frame = EncodeAll([], (CompressionMethod)methodCode);

        Assert.That(frame, Is.Not.Empty);
        Assert.That(RunCompressor("--decompress", frame), Is.Empty);
    }

    [Test]
    public void NoneFrames_EveryLengthUpTo300_AreByteIdenticalToTheirs()
    {
        // The checksum covers 9 + n bytes, so these lengths walk every CityHash128 path: the CityMurmur routine for
        // short inputs, the 128-byte loop, and each of the 1..4 trailing 32-byte chunks.
        for (var size = 1; size <= 300; size++)
        {
            var data = Input(size, compressible: false);

            Assert.That(EncodeAll(data, CompressionMethod.None), Is.EqualTo(RunCompressor("--none", data)), $"{size} bytes");
        }
    }

    [Test]
    public void NoneFrames_FullBlock_AreByteIdenticalToTheirs()
    {
        var data = Input(CompressedFrame.MaxBlockSize, compressible: false);

        Assert.That(EncodeAll(data, CompressionMethod.None), Is.EqualTo(RunCompressor("--none", data)));
    }

    private static byte[] Input(int size, bool compressible)
    {
        if (!compressible)
        {
            var data = new byte[size];
            new Random(size).NextBytes(data);
            return data;
        }

        var sb = new StringBuilder(size + 64);
        for (var i = 0; sb.Length < size; i++)
        {
            sb.Append("t13d1516h2_8daaf6152771_02713d6af862,").Append(i % 251).Append('\n');
        }

        return Encoding.ASCII.GetBytes(sb.ToString(0, size));
    }

    // Cuts the input at MaxBlockSize, as the servers' 1 MiB buffers do.
    private static byte[] EncodeAll(byte[] data, CompressionMethod method)
    {
        var writer = new ArrayBufferWriter<byte>();
        var offset = 0;
        do
        {
            var length = Math.Min(CompressedFrame.MaxBlockSize, data.Length - offset);
            CompressedFrame.Write(data.AsSpan(offset, length), method, writer);
            offset += length;
        }
        while (offset < data.Length);

        return writer.WrittenSpan.ToArray();
    }

    private static byte[] DecodeAll(byte[] frames)
    {
        var output = new MemoryStream();
        var offset = 0;
        while (offset < frames.Length)
        {
            var header = CompressedFrame.ReadHeader(frames.AsSpan(offset));
            var destination = new byte[header.UncompressedSize];
            CompressedFrame.Decompress(frames.AsSpan(offset, header.FrameLength), header, destination);
            output.Write(destination);
            offset += header.FrameLength;
        }

        return output.ToArray();
    }

    private static byte[] RunCompressor(string arguments, byte[] input)
    {
        var startInfo = new ProcessStartInfo(CompressorPath, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo)!;
        var stdout = Task.Run(() =>
        {
            using var buffer = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            return buffer.ToArray();
        });
        var stderr = process.StandardError.ReadToEndAsync();
        using (var stdin = process.StandardInput.BaseStream)
        {
            stdin.Write(input);
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail($"clickhouse-compressor {arguments} did not finish within 60 s");
        }

        Assert.That(process.ExitCode, Is.Zero, $"clickhouse-compressor {arguments} failed: {stderr.Result}");
        return stdout.Result;
    }
}
