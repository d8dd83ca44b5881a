using Ja4Data.Protocol.Compression;
using static Ja4Data.Tests.Protocol.Compression.CompressedFrameTestData;

namespace Ja4Data.Tests.Protocol.Compression;

/// <summary>Every way a frame can be damaged on the wire must surface as <see cref="ClickHouseProtocolException"/>.</summary>
[TestFixture]
public sealed class CompressedFrameCorruptionTests
{
    [Test]
    public void Read_AnySingleBitFlipped_ThrowsProtocolException(
        [ValueSource(typeof(CompressedFrameTestData), nameof(MethodCodes))] byte methodCode)
    {
        var method = (CompressionMethod)methodCode;
        var frame = Frame(Compressible(300), method);
        for (var bit = 0; bit < frame.Length * 8; bit++)
        {
            var corrupted = (byte[])frame.Clone();
            corrupted[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.That(() => Read(corrupted), Throws.InstanceOf<ClickHouseProtocolException>(), $"bit {bit} flipped");
        }
    }

    [Test]
    public void Read_EveryTruncatedPrefix_ThrowsProtocolException(
        [ValueSource(typeof(CompressedFrameTestData), nameof(MethodCodes))] byte methodCode)
    {
        var method = (CompressionMethod)methodCode;
        var frame = Frame(Compressible(200), method);
        for (var length = 0; length < frame.Length; length++)
        {
            var prefix = frame[..length];

            Assert.That(
                () => Read(prefix),
                Throws.InstanceOf<ClickHouseProtocolException>().With.Message.Contains("truncated"),
                $"prefix of {length} bytes");
        }
    }

    [Test]
    public void Read_ChecksumMismatch_MessageShowsExpectedAndActual()
    {
        var frame = Frame(Compressible(100), CompressionMethod.Lz4);
        frame[^1] ^= 0x80;

        Assert.That(
            () => Read(frame),
            Throws.InstanceOf<ClickHouseProtocolException>()
                .With.Message.Contains("checksum mismatch")
                .And.Message.Contains(Convert.ToHexStringLower(frame.AsSpan(0, 8).ToArray().Reverse().ToArray())));
    }

    [TestCase(0u)]
    [TestCase(8u)]
    [TestCase((1u << 30) + 1)]
    [TestCase(uint.MaxValue)]
    public void ReadHeader_CompressedSizeOutOfRange_Throws(uint compressedSize)
    {
        var frame = Forge(0x82, compressedSize, 10, []);

        Assert.That(
            () => CompressedFrame.ReadHeader(frame),
            Throws.InstanceOf<ClickHouseProtocolException>().With.Message.Contains($"compressed size {compressedSize}"));
    }

    [TestCase((1u << 30) + 1)]
    [TestCase(uint.MaxValue)]
    public void ReadHeader_UncompressedSizeAboveCap_Throws(uint uncompressedSize)
    {
        var frame = Forge(0x82, 20, uncompressedSize, new byte[11]);

        Assert.That(
            () => CompressedFrame.ReadHeader(frame),
            Throws.InstanceOf<ClickHouseProtocolException>().With.Message.Contains($"uncompressed size {uncompressedSize}"));
    }

    [TestCase((byte)0x00)]
    [TestCase((byte)0x91)]
    [TestCase((byte)0x93)]
    [TestCase((byte)0xFF)]
    public void ReadHeader_UnknownMethod_ThrowsNamingTheByte(byte method)
    {
        var frame = Forge(method, 10, 1, [0x41]);

        Assert.That(
            () => CompressedFrame.ReadHeader(frame),
            Throws.InstanceOf<ClickHouseProtocolException>().With.Message.Contains($"0x{method:X2}"));
    }

    [TestCase(9u)]
    [TestCase(11u)]
    public void ReadHeader_NoneFrameWithSizesThatDisagree_Throws(uint uncompressedSize)
    {
        var frame = Forge(0x02, 19, uncompressedSize, new byte[10]);

        Assert.That(() => CompressedFrame.ReadHeader(frame), Throws.InstanceOf<ClickHouseProtocolException>());
    }

    [TestCase((byte)0x82, -1)]
    [TestCase((byte)0x82, 1)]
    [TestCase((byte)0x90, -1)]
    [TestCase((byte)0x90, 1)]
    public void Decompress_PayloadDecodesToAnotherSize_Throws(byte methodCode, int sizeError)
    {
        var method = (CompressionMethod)methodCode;
        var data = Compressible(500);
        var payload = Frame(data, method)[CompressedFrame.HeaderSize..];
        var forged = Forge((byte)method, (uint)(9 + payload.Length), (uint)(data.Length + sizeError), payload);

        Assert.That(() => Read(forged), Throws.InstanceOf<ClickHouseProtocolException>());
    }

    [TestCase((byte)0x82)]
    [TestCase((byte)0x90)]
    public void Decompress_GarbagePayloadWithValidChecksum_Throws(byte methodCode)
    {
        var method = (CompressionMethod)methodCode;
        var payload = CompressedFrameTestData.Random(64, seed: 3);
        var forged = Forge((byte)method, (uint)(9 + payload.Length), 1000, payload);

        Assert.That(() => Read(forged), Throws.InstanceOf<ClickHouseProtocolException>());
    }

    [Test]
    public void ReadHeader_ShortInput_Throws()
    {
        Assert.That(() => CompressedFrame.ReadHeader(new byte[24]), Throws.InstanceOf<ClickHouseProtocolException>());
    }
}
