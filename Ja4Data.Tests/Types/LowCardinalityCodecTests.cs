using System.Buffers.Binary;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class LowCardinalityCodecTests
{
    [Test]
    public void Decode_ServerBytes_FromChDb()
    {
        // SELECT toLowCardinality('x'): version 1; index type 0x600 (UInt8, additional keys, update); keys '' and 'x'; one index 1.
        var bytes = CodecHarness.Bytes("0100000000000000 0006000000000000 0200000000000000 00 0178 0100000000000000 01");
        Assert.That(CodecHarness.Decode("LowCardinality(String)", 1, bytes), Is.EqualTo(new object?[] { "x" }));
    }

    [TestCase(0, "01")]
    [TestCase(1, "0100")]
    [TestCase(2, "01000000")]
    [TestCase(3, "0100000000000000")]
    public void Decode_EveryIndexWidth(int widthCode, string indexOne)
    {
        var bytes = CodecHarness.Bytes($"0100000000000000 {widthCode:X2}02000000000000 0200000000000000 0161 0162 0200000000000000 {indexOne}{indexOne}");
        Assert.That(CodecHarness.Decode("LowCardinality(String)", 2, bytes), Is.EqualTo(new object?[] { "b", "b" }));
    }

    [Test]
    public void Decode_NullableInside_IndexZeroIsNull_EvenWhenKeyZeroIsEmptyString()
    {
        // Keys: '' (the NULL slot), '' (the real empty string), 'x'.
        var bytes = CodecHarness.Bytes("0100000000000000 0006000000000000 0300000000000000 00 00 0178 0400000000000000 00010200");
        Assert.That(CodecHarness.Decode("LowCardinality(Nullable(String))", 4, bytes), Is.EqualTo(new object?[] { null, "", "x", null }));
    }

    [Test]
    public void Decode_IndexBeyondDictionary_IsProtocolError()
    {
        var bytes = CodecHarness.Bytes("0100000000000000 0002000000000000 0100000000000000 0161 0100000000000000 05");
        Assert.That(() => CodecHarness.Decode("LowCardinality(String)", 1, bytes), Throws.TypeOf<ClickHouseProtocolException>().With.Message.Contains("index 5"));
    }

    [Test]
    public void Decode_GlobalDictionaryFlag_IsRejected()
    {
        var bytes = CodecHarness.Bytes("0100000000000000 0001000000000000 0100000000000000 00");
        Assert.That(() => CodecHarness.Decode("LowCardinality(String)", 1, bytes), Throws.TypeOf<ClickHouseProtocolException>());
    }

    [TestCase(256, 0)]
    [TestCase(257, 1)]
    [TestCase(300, 1)]
    [TestCase(70_000, 2)]
    public void Encode_PicksNarrowestIndexWidth(int distinct, int expectedWidthCode)
    {
        var values = Enumerable.Range(0, distinct).Select(i => (object?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var bytes = CodecHarness.Encode("LowCardinality(String)", values);
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)) & 0xFF, Is.EqualTo((ulong)expectedWidthCode));
        Assert.That(CodecHarness.Decode("LowCardinality(String)", distinct, bytes), Is.EqualTo(values));
    }

    [Test]
    public void Encode_RepeatedValues_ShareOneKey_AndNullsPointAtZero()
    {
        var bytes = CodecHarness.Encode("LowCardinality(Nullable(String))", "a", null, "a", "");
        // version, index type (UInt8 + additional keys), 3 keys: placeholder '', 'a', ''; 4 indexes.
        Assert.That(CodecHarness.Hex(bytes), Is.EqualTo("0100000000000000" + "0002000000000000" + "0300000000000000" + "00" + "0161" + "00" + "0400000000000000" + "01000102"));
        Assert.That(CodecHarness.Decode("LowCardinality(Nullable(String))", 4, bytes), Is.EqualTo(new object?[] { "a", null, "a", "" }));
    }

    [Test]
    public void Encode_NullWithoutNullableInside_IsRejected()
        => Assert.That(() => CodecHarness.Encode("LowCardinality(String)", (object?)null), Throws.TypeOf<InvalidCastException>());

    [Test]
    public void ArrayOfLowCardinality_WritesPrefixBeforeOffsets_AndNoDataForZeroElements()
    {
        var bytes = CodecHarness.Encode("Array(LowCardinality(String))", (object)Array.Empty<string>());
        Assert.That(CodecHarness.Hex(bytes), Is.EqualTo("0100000000000000" + "0000000000000000"));
        Assert.That(CodecHarness.Decode("Array(LowCardinality(String))", 1, bytes), Is.EqualTo(new object?[] { Array.Empty<string>() }));
    }
}
