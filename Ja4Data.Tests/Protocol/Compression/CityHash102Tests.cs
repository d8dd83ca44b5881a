using System.Buffers.Binary;
using System.Text;
using Ja4Data.Protocol.Compression;

namespace Ja4Data.Tests.Protocol.Compression;

[TestFixture]
public sealed class CityHash102Tests
{
    // Reference §8.3: validated against ClickHouse.jl's answer key generated with ClickHouse's C++ CityHash128.
    [TestCase("", 0x3df09dfc64c09a2bUL, 0x3cb540c392e51e29UL)]
    [TestCase("ClickHouse", 0x3704cc81c00bb612UL, 0x76d43ac4baf91402UL)]
    [TestCase("0123456789abcdef", 0xc52ea1adb29e4800UL, 0x7369a2fab076de4cUL)]
    [TestCase("0123456789abcdefX", 0x55aafc2edf41e56dUL, 0xf8e192cadb5e37b6UL)]
    public void CityHash128_ReferenceVectors_Match(string input, ulong low, ulong high)
    {
        var hash = CityHash102.CityHash128(Encoding.ASCII.GetBytes(input));

        Assert.That(((ulong)hash, (ulong)(hash >> 64)), Is.EqualTo((low, high)));
    }

    // ClickHouse docs ("Native protocol: hash"): values of SELECT cityHash64('...') on a server.
    [TestCase("Moscow", 12507901496292878638UL)]
    [TestCase("How can you write a big system without C++?  -Paul Glick", 6237945311650045625UL)]
    public void CityHash64_ClickHouseDocumentedValues_Match(string input, ulong expected)
    {
        Assert.That(CityHash102.CityHash64(Encoding.ASCII.GetBytes(input)), Is.EqualTo(expected));
    }

    // Checksums of method-None frames written by clickhouse-compressor for n bytes of (i * 31 + 7) & 0xFF: they cover
    // the 128-byte loop exactly (135), with a 1-byte tail (136), two loop rounds (263) and a 4-chunk tail (1000).
    [TestCase(135, "15cec8a97415d858cd3564d0802aacf4")]
    [TestCase(136, "c2597d58959a1d257bdf64a7706c4aec")]
    [TestCase(263, "f45870a36070854f71c5621cb3c6e75d")]
    [TestCase(1000, "fc4026a858bfc3179a7588e7e2f1a57b")]
    public void CityHash128_LongInputs_MatchClickHouseCompressorChecksums(int dataLength, string checksumHex)
    {
        var hashed = new byte[9 + dataLength];
        hashed[0] = (byte)CompressionMethod.None;
        BinaryPrimitives.WriteInt32LittleEndian(hashed.AsSpan(1), 9 + dataLength);
        BinaryPrimitives.WriteInt32LittleEndian(hashed.AsSpan(5), dataLength);
        for (var i = 0; i < dataLength; i++)
        {
            hashed[9 + i] = (byte)((i * 31) + 7);
        }

        var hash = CityHash102.CityHash128(hashed);
        var wire = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(wire, (ulong)hash);
        BinaryPrimitives.WriteUInt64LittleEndian(wire.AsSpan(8), (ulong)(hash >> 64));

        Assert.That(Convert.ToHexStringLower(wire), Is.EqualTo(checksumHex));
    }

    [Test]
    public void CityHash128_EveryLengthUpTo600_DependsOnFirstMiddleAndLastByte()
    {
        // Guards the span/offset arithmetic of every length path: a byte the hash skipped would not change it.
        var data = new byte[600];
        new Random(7).NextBytes(data);
        for (var length = 1; length <= data.Length; length++)
        {
            var input = data.AsSpan(0, length).ToArray();
            var original = CityHash102.CityHash128(input);
            foreach (var position in new[] { 0, length / 2, length - 1 })
            {
                input[position] ^= 0x01;
                Assert.That(CityHash102.CityHash128(input), Is.Not.EqualTo(original), $"length {length}, byte {position}");
                input[position] ^= 0x01;
            }
        }
    }
}
