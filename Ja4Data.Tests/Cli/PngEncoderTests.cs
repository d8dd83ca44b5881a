using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Ja4Data.Cli.Reports;
using NUnit.Framework;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class PngEncoderTests
{
    private static readonly string[] ChunkTypes = ["IHDR", "IDAT", "IEND"];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Test]
    public void Crc32_CheckValue() => Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));

    [Test]
    public void Crc32_Append_EqualsOneShot()
        => Assert.That(Crc32.Append(Crc32.Compute("IHDR"u8), "payload"u8), Is.EqualTo(Crc32.Compute("IHDRpayload"u8)));

    [Test]
    public void Encode_Chunks_SignatureIhdrIdatIendWithValidCrcs()
    {
        var png = PngEncoder.Encode(3, 2, Pixels(3, 2));

        var chunks = ReadChunks(png);

        Assert.Multiple(() =>
        {
            Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(PngSignature));
            Assert.That(chunks.Select(c => c.Type), Is.EqualTo(ChunkTypes));
            Assert.That(chunks.All(c => c.CrcValid), Is.True);
        });
    }

    [Test]
    public void Encode_Ihdr_WidthHeightEightBitRgbNoInterlace()
    {
        var ihdr = ReadChunks(PngEncoder.Encode(300, 7, Pixels(300, 7)))[0].Data;

        Assert.Multiple(() =>
        {
            Assert.That(ihdr, Has.Length.EqualTo(13));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(ihdr), Is.EqualTo(300));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)), Is.EqualTo(7));
            Assert.That(ihdr[8..], Is.EqualTo(new byte[] { 8, 2, 0, 0, 0 }));
        });
    }

    [Test]
    public void Encode_Idat_InflatesToFilteredScanlinesOfThePixels()
    {
        var pixels = Pixels(4, 3);
        var idat = ReadChunks(PngEncoder.Encode(4, 3, pixels))[1].Data;

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(idat), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var expected = new List<byte>();
        for (var y = 0; y < 3; y++)
        {
            expected.Add(0);
            expected.AddRange(pixels.Skip(y * 12).Take(12));
        }

        Assert.That(inflated.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Encode_WrongBufferSize_Throws()
        => Assert.That(() => PngEncoder.Encode(2, 2, new byte[11]), Throws.ArgumentException);

    private static byte[] Pixels(int width, int height) => [.. Enumerable.Range(0, width * height * 3).Select(i => (byte)(i * 7))];

    private static List<(string Type, byte[] Data, bool CrcValid)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[], bool)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray(), Crc32.Compute(typeAndData) == crc));
            offset += 12 + length;
        }

        return chunks;
    }
}
