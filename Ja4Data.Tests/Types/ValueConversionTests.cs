using System.Net;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class ValueConversionTests
{
    private static IEnumerable<TestCaseData> Accepted()
    {
        TestCaseData Case(string type, object input, string hex) => new TestCaseData(type, input, hex).SetName($"{{m}}({type}, {input.GetType().Name})");

        yield return Case("UInt8", 200, "C8");
        yield return Case("Int64", (byte)7, "0700000000000000");
        yield return Case("UInt64", 5m, "0500000000000000");
        yield return Case("Float64", 2, "0000000000000040");
        yield return Case("DateTime", new DateTimeOffset(2020, 1, 1, 9, 0, 0, TimeSpan.FromHours(9)), "00E10B5E");
        yield return Case("DateTime", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), "00E10B5E");
        yield return Case("DateTime64(3)", new DateTimeOffset(2020, 1, 1, 0, 0, 0, 5, TimeSpan.Zero), "05E8665E6F010000");
        yield return Case("Date", new DateTime(2020, 1, 2), "5747");
        yield return Case("UUID", "550e8400-e29b-41d4-a716-446655440000", "D4419BE200840E5500004455664416A7");
        yield return Case("IPv4", "192.168.1.10", "0A01A8C0");
        yield return Case("IPv6", "192.168.1.10", "00000000000000000000FFFFC0A8010A");
        yield return Case("IPv6", IPAddress.Parse("2001:db8::1"), "20010DB8000000000000000000000001");
        yield return Case("Enum8('a' = 1, 'b' = 2)", 2, "02");
        yield return Case("Enum8('a' = 1, 'b' = 2)", "a", "01");
        yield return Case("Decimal(9, 2)", "1.5", "96000000");
        yield return Case("Decimal(9, 2)", 3, "2C010000");
        yield return Case("Decimal(38, 2)", 1.5m, "96000000000000000000000000000000");
        yield return Case("Bool", 1, "01");
        yield return Case("FixedString(3)", "ab", "616200");
        yield return Case("Int256", 5, "05" + new string('0', 62));
        yield return Case("Tuple(UInt8, String)", (1, "a"), "010161");
        yield return Case("Tuple(UInt8, String)", Tuple.Create(1, "a"), "010161");
        yield return Case("Map(String, UInt8)", new[] { KeyValuePair.Create("k", 1) }, "0100000000000000016B01");
        yield return Case("Array(Nullable(UInt8))", new int?[] { 1, null }, "0200000000000000 0001 0100");
    }

    [TestCaseSource(nameof(Accepted))]
    public void Append_NaturalInput_IsConverted(string type, object input, string hex)
        => Assert.That(CodecHarness.Hex(CodecHarness.Encode(type, input)), Is.EqualTo(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

    [TestCase("UInt8", 256, typeof(OverflowException))]
    [TestCase("UInt64", -1, typeof(OverflowException))]
    [TestCase("Int8", "1", typeof(InvalidCastException))]
    [TestCase("String", null, typeof(InvalidCastException))]
    [TestCase("FixedString(2)", "abc", typeof(OverflowException))]
    [TestCase("Enum8('a' = 1)", "b", typeof(FormatException))]
    [TestCase("Enum8('a' = 1)", 2, typeof(OverflowException))]
    [TestCase("Decimal(9, 2)", "1.234", typeof(OverflowException))]
    [TestCase("Decimal(9, 2)", "100000000000", typeof(OverflowException))]
    [TestCase("UUID", "not-a-uuid", typeof(FormatException))]
    [TestCase("IPv4", "::1", typeof(InvalidCastException))]
    [TestCase("Date", "2020-01-01", typeof(InvalidCastException))]
    [TestCase("Bool", 2, typeof(OverflowException))]
    [TestCase("Tuple(UInt8, String)", 1, typeof(InvalidCastException))]
    [TestCase("Variant(UInt8, UUID)", "x", typeof(InvalidCastException))]
    public void Append_ValueThatDoesNotFit_IsRejected(string type, object? input, Type exception)
        => Assert.That(() => CodecHarness.Encode(type, input), Throws.TypeOf(exception));

    [Test]
    public void Date_OutOfRange_IsRejected()
        => Assert.That(() => CodecHarness.Encode("Date", new DateOnly(1969, 12, 31)), Throws.TypeOf<OverflowException>());

    [Test]
    public void WriteBlock_BadValue_NamesColumnRowAndValue()
    {
        using var stream = new MemoryStream();
        var ex = Assert.Throws<ClickHouseDataException>(() => NativeFormat.WriteBlock(stream, ["id", "name"], ["UInt8", "String"], [[1, "a"], [300, "b"]]));
        Assert.That(ex!.Message, Does.Contain("'id'").And.Contain("Row 1").And.Contain("300"));
        Assert.That(stream.Length, Is.Zero, "nothing is written when a value is rejected");
    }
}
