using System.Collections.Immutable;
using Ja4Data.Types.Codecs;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Types;

/// <summary>
/// Array(T) writes the same bytes and the same errors whether elements take the typed path (arrays, lists, memory and
/// sequences of the element builder's own .NET type) or go one by one as objects.
/// </summary>
[TestFixture]
public sealed class ArrayEncodingTests
{
    private enum Small
    {
        Minus = -1,
        One = 1,
    }

    private static IEnumerable<TestCaseData> SameBytes()
    {
        TestCaseData Case(string type, object typed, object?[] objects, string shape)
            => new TestCaseData(type, typed, objects).SetName($"Append_{type}_{shape}_WritesWhatObjectsWrite");

        yield return Case("Array(UInt32)", new uint[] { 1, uint.MaxValue }, [1u, uint.MaxValue], "Array");
        yield return Case("Array(UInt32)", new List<uint> { 1, 2 }, [1u, 2u], "List");
        yield return Case("Array(UInt32)", new ReadOnlyMemory<uint>([7, 8, 9], 1, 2), [8u, 9u], "ReadOnlyMemory");
        yield return Case("Array(UInt32)", new Memory<uint>([7, 8]), [7u, 8u], "Memory");
        yield return Case("Array(UInt32)", ImmutableArray.Create(3u, 4u), [3u, 4u], "ImmutableArray");
        yield return Case("Array(UInt32)", new SortedSet<uint> { 5, 6 }, [5u, 6u], "Sequence");
        yield return Case("Array(Nullable(UInt32))", new uint?[] { 1, null, 3 }, [1u, null, 3u], "NullableArray");
        yield return Case("Array(Nullable(UInt32))", new List<uint?> { null }, [null], "NullableList");
        yield return Case("Array(String)", new List<string> { "a", "ü" }, ["a", "ü"], "StringList");
        yield return Case("Array(String)", new[] { new byte[] { 0, 1 } }, [new byte[] { 0, 1 }], "BytesArray");
        yield return Case("Array(Nullable(String))", new List<string?> { null, "x" }, [null, "x"], "NullableStringList");
        yield return Case("Array(Enum8('a' = 1, 'b' = 2))", new[] { "b", "a" }, ["b", "a"], "EnumNames");
        yield return Case("Array(DateTime64(9, 'UTC'))", new[] { new ClickHouseDateTime64(-1, 9) }, [new ClickHouseDateTime64(-1, 9)], "ExactInstants");
        yield return Case("Array(DateTime64(3, 'UTC'))", new[] { DateTime.UnixEpoch.AddTicks(-1) }, [DateTime.UnixEpoch.AddTicks(-1)], "DateTimes");
        yield return Case("Array(Array(UInt8))", new[] { new byte[] { 1 }, [] }, [new object[] { (byte)1 }, Array.Empty<object>()], "Nested");
    }

    [TestCaseSource(nameof(SameBytes))]
    public void Append_TypedShape_WritesWhatObjectsWrite(string type, object typed, object?[] objects)
        => Assert.That(CodecHarness.Hex(CodecHarness.Encode(type, typed)), Is.EqualTo(CodecHarness.Hex(CodecHarness.Encode(type, (object)objects))));

    [Test]
    public void Append_ArrayOfAnotherIntegerType_IsConvertedValueByValue_NotReinterpreted()
    {
        // The runtime lets an int[] pass for a uint[] (and an sbyte[] for a byte[]); the values must still be checked.
        Assert.That(() => CodecHarness.Encode("Array(UInt32)", new[] { 1, -1 }),
            Throws.TypeOf<InvalidCastException>().With.Message.StartWith("element 1: -1 is outside the range of UInt32"));
        Assert.That(() => CodecHarness.Encode("Array(UInt8)", new sbyte[] { -1 }), Throws.TypeOf<InvalidCastException>().With.Message.StartWith("element 0: "));
        Assert.That(CodecHarness.Hex(CodecHarness.Encode("Array(Int32)", new[] { Small.Minus, Small.One })), Is.EqualTo("0200000000000000" + "FFFFFFFF" + "01000000"));
        Assert.That(CodecHarness.Hex(CodecHarness.Encode("Array(UInt32)", new List<int> { 5 })), Is.EqualTo("0100000000000000" + "05000000"));
    }

    [Test]
    public void Append_BadElementOnTheTypedPath_NamesTheElement_AndLeavesNothingOfTheRow()
    {
        using var builder = ColumnCodecFactory.Get("Array(Nullable(DateTime64(3, 'UTC')))").CreateBuilder();
        builder.Append(new DateTime?[] { DateTime.UnixEpoch });
        var tooLate = new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.That(() => builder.Append(new DateTime?[] { DateTime.UnixEpoch, null, tooLate }),
            Throws.TypeOf<InvalidCastException>().With.Message.StartWith("element 2: 2300-01-01T00:00:00.0000000Z is outside the range of DateTime64(3)"));
        Assert.That(() => builder.Append(new List<uint> { 1 }), Throws.TypeOf<InvalidCastException>().With.Message.StartWith("element 0: a UInt32 value cannot be converted to DateTime64"));
        builder.Append(new DateTime?[] { null });

        Assert.That(builder.Count, Is.EqualTo(2));
        using var writer = new Ja4Data.Protocol.ProtocolWriter();
        builder.WriteData(writer);
        // Offsets 1, 2; null map 0, 1; values: the epoch and the NULL placeholder.
        Assert.That(CodecHarness.Hex(writer.WrittenSpan.ToArray()), Is.EqualTo("0100000000000000" + "0200000000000000" + "0001" + "0000000000000000" + "0000000000000000"));
    }

    [Test]
    public void Append_NotASequence_IsRefusedAsBefore()
    {
        Assert.That(() => CodecHarness.Encode("Array(UInt32)", 5u), Throws.TypeOf<InvalidCastException>().With.Message.EqualTo("a UInt32 value cannot be converted to Array (expected an array or other IEnumerable)."));
        Assert.That(() => CodecHarness.Encode("Array(String)", "abc"), Throws.TypeOf<InvalidCastException>().With.Message.Contain("String value cannot be converted to Array"));
        Assert.That(() => CodecHarness.Encode("Array(UInt32)", new ReadOnlyMemory<int>([1])), Throws.TypeOf<InvalidCastException>().With.Message.Contain("ReadOnlyMemory`1 value cannot be converted to Array"));
    }
}
