using Ja4Data.Protocol;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class CompositeCodecTests
{
    [Test]
    public void Map_RoundTrips_AsTypedDictionary()
    {
        var bytes = CodecHarness.Encode("Map(String, Nullable(UInt64))", new Dictionary<string, ulong?> { ["a"] = 1, ["b"] = null });
        var value = CodecHarness.Decode("Map(String, Nullable(UInt64))", 1, bytes)[0];
        Assert.That(value, Is.TypeOf<Dictionary<string, ulong?>>());
        Assert.That(value, Is.EqualTo(new Dictionary<string, ulong?> { ["a"] = 1, ["b"] = null }));
    }

    [Test]
    public void Tuple_ReadsAsObjectArray_AndKeepsElementNamesOnTheCodec()
    {
        var bytes = CodecHarness.Encode("Tuple(id UInt32, name String)", (object)new object?[] { 7u, "x" });
        Assert.That(CodecHarness.Hex(bytes), Is.EqualTo("07000000" + "0178"));
        Assert.That(CodecHarness.Decode("Tuple(id UInt32, name String)", 1, bytes)[0], Is.EqualTo(new object?[] { 7u, "x" }));
        Assert.That(((TupleCodec)ColumnCodecFactory.Get("Tuple(id UInt32, name String)")).ElementNames, Is.EqualTo((string[])["id", "name"]));
    }

    [Test]
    public void Array_OfNullableElements_ReadsAsNullableArray()
    {
        var value = CodecHarness.Decode("Array(Nullable(Int32))", 1, CodecHarness.Encode("Array(Nullable(Int32))", (object)new object?[] { 1, null }))[0];
        Assert.That(value, Is.EqualTo(new int?[] { 1, null }).And.TypeOf<int?[]>());
    }

    [Test]
    public void NestedArraysOfMapsOfTuples_RoundTrip()
    {
        const string type = "Array(Map(String, Tuple(UInt8, Array(Nullable(String)))))";
        var input = new object[] { new Dictionary<string, object?[]> { ["k"] = [(byte)1, new string?[] { null, "v" }] }, new Dictionary<string, object?[]>() };
        var value = (Array)CodecHarness.Decode(type, 1, CodecHarness.Encode(type, (object)input))[0]!;
        Assert.That(value.Length, Is.EqualTo(2));
        var first = (Dictionary<string, object[]>)value.GetValue(0)!;
        Assert.That(first["k"], Is.EqualTo(new object?[] { (byte)1, new string?[] { null, "v" } }));
    }

    [Test]
    public void Variant_ReadsActiveAlternative_AndWritesByClrTypeOrWrapper()
    {
        const string type = "Variant(String, UInt64)";
        var bytes = CodecHarness.Encode(type, "a", 5UL, null, new ClickHouseVariant("String", "7"), 3);
        // mode 0; discriminators: String=0, UInt64=1, NULL=255; then strings, then UInt64s.
        Assert.That(CodecHarness.Hex(bytes), Is.EqualTo("0000000000000000" + "0001FF0001" + "0161" + "0137" + "0500000000000000" + "0300000000000000"));
        Assert.That(CodecHarness.Decode(type, 5, bytes), Is.EqualTo(new object?[] { "a", 5UL, null, "7", 3UL }));
    }

    [Test]
    public void Variant_TypeNameOrder_IsClickHouseSortedOrder()
        => Assert.That(CodecHarness.Hex(CodecHarness.Encode("Variant(UInt64, String)", 1UL)), Is.EqualTo("0000000000000000" + "01" + "0100000000000000"));

    [Test]
    public void Dynamic_Flattened_RoundTrips_WithInferredTypes()
    {
        int[] array = [1, 2];
        var bytes = CodecHarness.Encode("Dynamic", 1L, "a", null, 2.5, array);
        Assert.That(CodecHarness.Decode("Dynamic", 5, bytes), Is.EqualTo(new object?[] { 1L, "a", null, 2.5, array }));
    }

    [Test]
    public void Dynamic_DecodesChDbFlattenedBytes()
    {
        // SELECT NULL::Dynamic with output_format_native_use_flattened_dynamic_and_json_serialization=1: version 3, no types, discriminator 0 = NULL.
        Assert.That(CodecHarness.Decode("Dynamic", 1, CodecHarness.Bytes("0300000000000000 00 00")), Is.EqualTo(new object?[] { null }));
        Assert.That(CodecHarness.Decode("Dynamic", 1, CodecHarness.Bytes("0300000000000000 01 06537472696E67 00 0131")), Is.EqualTo(new object?[] { "1" }));
    }

    [Test]
    public void Dynamic_DecodesChDbDefaultV1Bytes()
    {
        // Version 1, max_types 1, one type String; variant mode 0 over (SharedVariant, String); discriminators String, String, NULL.
        var bytes = CodecHarness.Bytes("0100000000000000 01 01 06537472696E67 0000000000000000 0101FF 0131 0161");
        Assert.That(CodecHarness.Decode("Dynamic", 3, bytes), Is.EqualTo(new object?[] { "1", "a", null }));
    }

    [Test]
    public void Dynamic_ValuesInTheSharedVariant_AreRejectedWithAHint()
        => Assert.That(() => CodecHarness.Decode("Dynamic", 1, CodecHarness.Bytes("0200000000000000 00 0000000000000000 00 00")),
            Throws.TypeOf<ClickHouseProtocolException>().With.Message.Contains("shared variant"));

    [Test]
    public void Dynamic_UnknownSerializationVersion_AsksForTheFlattenedSetting()
        => Assert.That(() => CodecHarness.Decode("Dynamic", 1, CodecHarness.Bytes("0400000000000000 00")),
            Throws.TypeOf<ClickHouseProtocolException>().With.Message.Contains("output_format_native_use_flattened_dynamic_and_json_serialization"));

    [Test]
    public void Json_StringSerialization_RoundTrips()
    {
        var bytes = CodecHarness.Encode("JSON", "{\"a\":1}", System.Text.Json.Nodes.JsonNode.Parse("{\"b\":2}"));
        Assert.That(CodecHarness.Hex(bytes), Is.EqualTo("0100000000000000" + "077B2261223A317D" + "077B2262223A327D"));
        Assert.That(CodecHarness.Decode("JSON", 2, bytes), Is.EqualTo(new object?[] { "{\"a\":1}", "{\"b\":2}" }));
    }

    [Test]
    public void Json_ObjectV1Serialization_IsRenderedAsJsonText()
    {
        // chDB, SELECT '{"a":1}'::JSON: version 0, max paths 1, one dynamic path 'a' (Dynamic V1: Int64), data, empty shared data.
        var bytes = CodecHarness.Bytes("0000000000000000 01 01 0161 0100000000000000 01 01 05496E743634 0000000000000000 00 0100000000000000 0000000000000000");
        Assert.That(CodecHarness.Decode("JSON", 1, bytes), Is.EqualTo(new object?[] { "{\"a\":1}" }));
    }

    [Test]
    public void Json_PathsInSharedData_AreRejectedWithAHint()
    {
        // Version 2, no dynamic paths; the shared data map has one entry.
        var bytes = CodecHarness.Bytes("0200000000000000 00 0100000000000000 0161 0162");
        Assert.That(() => CodecHarness.Decode("JSON", 1, bytes), Throws.TypeOf<ClickHouseProtocolException>().With.Message.Contains("shared data"));
    }

    [Test]
    public void Json_UnknownSerialization_AsksForTheStringSetting()
        => Assert.That(() => CodecHarness.Decode("JSON", 1, CodecHarness.Bytes("0900000000000000")),
            Throws.TypeOf<ClickHouseProtocolException>().With.Message.Contains("output_format_native_write_json_as_string"));

    [Test]
    public void Sparse_DefaultRowsAndValues_AreExpanded()
    {
        // 5 rows, values at rows 1 and 4: gaps 1 and 2, then the end marker with 0 trailing defaults, then the two UInt32 values.
        var bytes = new WireBytes().Var(1).Var(2).Var(1UL << 62).Hex("07000000 09000000").ToArray();
        var codec = ColumnCodecFactory.Get("UInt32");
        using var reader = WireBytes.Reader(bytes, trickle: true);
        using var data = SyncCompletion.Result(SparseColumnReader.ReadAsync(reader, codec, 5, null, async: false, CancellationToken.None));
        Assert.That(Enumerable.Range(0, 5).Select(data.GetValue), Is.EqualTo(new object?[] { 0u, 7u, 0u, 0u, 9u }));
    }

    [Test]
    public void Sparse_TrailingDefaults_AreCounted()
    {
        var bytes = new WireBytes().Var(0).Var((1UL << 62) | 2).Str("x").ToArray();
        using var reader = WireBytes.Reader(bytes);
        using var data = SyncCompletion.Result(SparseColumnReader.ReadAsync(reader, ColumnCodecFactory.Get("String"), 3, null, async: false, CancellationToken.None));
        Assert.That(Enumerable.Range(0, 3).Select(data.GetValue), Is.EqualTo(new object?[] { "x", "", "" }));
    }
}
