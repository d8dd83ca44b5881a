using System.Net;
using System.Numerics;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class ScalarCodecTests
{
    // Golden bytes from the reference tables (§10.2) and from chDB 26.7's Native output.
    private static IEnumerable<TestCaseData> Golden()
    {
        TestCaseData Case(string type, object? value, string hex) => new TestCaseData(type, value, hex).SetName($"{{m}}({type}, {hex})");

        yield return Case("UInt8", (byte)255, "FF");
        yield return Case("UInt16", (ushort)0x1234, "3412");
        yield return Case("UInt32", 4294967295u, "FFFFFFFF");
        yield return Case("UInt64", 1UL, "0100000000000000");
        yield return Case("Int8", (sbyte)-128, "80");
        yield return Case("Int16", (short)-2, "FEFF");
        yield return Case("Int32", -2147483648, "00000080");
        yield return Case("Int64", -1L, "FFFFFFFFFFFFFFFF");
        yield return Case("Int128", Int128.MinValue, "00000000000000000000000000000080");
        yield return Case("UInt128", UInt128.MaxValue, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
        yield return Case("Int256", BigInteger.MinusOne, new string('F', 64));
        yield return Case("Int256", -(BigInteger.One << 255), new string('0', 62) + "80");
        yield return Case("UInt256", (BigInteger.One << 256) - 1, new string('F', 64));
        yield return Case("UInt256", new BigInteger(258), "0201" + new string('0', 60));
        yield return Case("Float32", 1.5f, "0000C03F");
        yield return Case("Float64", double.NegativeInfinity, "000000000000F0FF");
        yield return Case("BFloat16", 1.5f, "C03F");
        yield return Case("Bool", true, "01");
        yield return Case("Date", new DateOnly(2020, 1, 2), "5747");
        yield return Case("Date32", new DateOnly(1900, 1, 1), "219CFFFF");
        yield return Case("DateTime", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), "00E10B5E");
        yield return Case("DateTime('Asia/Tokyo')", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), "00E10B5E");
        yield return Case("DateTime64(3, 'Asia/Tokyo')", new DateTime(2019, 12, 31, 15, 0, 0, 120, DateTimeKind.Utc), "F885785C6F010000");
        yield return Case("DateTime64(0)", new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc), "FFFFFFFFFFFFFFFF");
        yield return Case("Decimal(18, 3)", 1.5m, "DC05000000000000");
        yield return Case("Decimal(9, 2)", -0.5m, "CEFFFFFF");
        yield return Case("Decimal(28, 2)", -0.01m, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
        yield return Case("Decimal(38, 2)", new ClickHouseDecimal(150, 2), "96000000000000000000000000000000");
        yield return Case("Decimal(76, 40)", new ClickHouseDecimal(BigInteger.Pow(10, 40), 40), "000000000061F5B9ABBFA45CC3F129631D" + new string('0', 30));
        yield return Case("UUID", Guid.Parse("550e8400-e29b-41d4-a716-446655440000"), "D4419BE200840E5500004455664416A7");
        yield return Case("IPv4", IPAddress.Parse("192.168.1.10"), "0A01A8C0");
        yield return Case("IPv6", IPAddress.Parse("::ffff:1.2.3.4"), "00000000000000000000FFFF01020304");
        yield return Case("Enum8('a' = 1, 'b' = -1)", "b", "FF");
        yield return Case("Enum16('x' = 1000)", "x", "E803");
        yield return Case("FixedString(4)", new byte[] { 0x61, 0x62, 0, 0 }, "61620000");
        yield return Case("String", "héllo", "0668C3A96C6C6F");
        yield return Case("Time", new TimeSpan(12, 34, 56), "F0B00000");
        yield return Case("Time64(3)", new TimeSpan(0, 12, 34, 56, 789), "952CB30200000000");
        yield return Case("IntervalDay", 3L, "0300000000000000");
        yield return Case("Nullable(UInt8)", null, "0100");
        yield return Case("Nullable(String)", "a", "000161");
        yield return Case("Nothing", null, "30");
        yield return Case("Nullable(Nothing)", null, "0130");
    }

    [TestCaseSource(nameof(Golden))]
    public void Decode_GoldenBytes_GivesValue(string type, object? value, string hex)
        => Assert.That(CodecHarness.Decode(type, 1, CodecHarness.Bytes(hex))[0], Is.EqualTo(value));

    [TestCaseSource(nameof(Golden))]
    public void Decode_OneByteAtATime_GivesValue(string type, object? value, string hex)
        => Assert.That(CodecHarness.Decode(type, 1, CodecHarness.Bytes(hex), trickle: true)[0], Is.EqualTo(value));

    [TestCaseSource(nameof(Golden))]
    public void Encode_Value_GivesGoldenBytes(string type, object? value, string hex)
        => Assert.That(CodecHarness.Hex(CodecHarness.Encode(type, value)), Is.EqualTo(hex));

    [Test]
    public void DecodedDateTimes_AreUtc()
    {
        Assert.That(((DateTime)CodecHarness.Decode("DateTime('Europe/Amsterdam')", 1, CodecHarness.Bytes("00E10B5E"))[0]!).Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(((DateTime)CodecHarness.Decode("DateTime64(7)", 1, CodecHarness.Bytes("0000000000000000"))[0]!).Kind, Is.EqualTo(DateTimeKind.Utc));
    }

    [TestCase(0, typeof(DateTime))]
    [TestCase(7, typeof(DateTime))]
    [TestCase(8, typeof(ClickHouseDateTime64))]
    [TestCase(9, typeof(ClickHouseDateTime64))]
    public void DateTime64_ReadsAsDateTimeUpTo100Nanoseconds_AndAsTheExactTypeBeyond(int precision, Type expected)
    {
        var type = $"DateTime64({precision}, 'UTC')";
        Assert.That(ColumnCodecFactory.Get(type).ClrType, Is.EqualTo(expected));
        Assert.That(CodecHarness.Decode(type, 1, CodecHarness.Bytes("0100000000000000"))[0], Is.TypeOf(expected));
    }

    [Test]
    public void DateTime64_9_KeepsEveryNanosecond_BeforeAndAfterTheEpoch()
    {
        // -1 ns and 199 ns: DateTime's ticks would make them -100 ns and 100 ns.
        const string bytes = "FFFFFFFFFFFFFFFF C700000000000000";
        var values = CodecHarness.Decode("DateTime64(9)", 2, CodecHarness.Bytes(bytes));
        Assert.That(values, Is.EqualTo(new object[] { new ClickHouseDateTime64(-1, 9), new ClickHouseDateTime64(199, 9) }));
        Assert.That(values.Select(v => v!.ToString()), Is.EqualTo((string[])["1969-12-31 23:59:59.999999999", "1970-01-01 00:00:00.000000199"]));
        Assert.That(CodecHarness.Hex(CodecHarness.Encode("DateTime64(9)", values)), Is.EqualTo(bytes.Replace(" ", string.Empty, StringComparison.Ordinal)));
    }

    [Test]
    public void DateTime64_9_FromDateTime_ScalesTicksExactly()
        => Assert.That(CodecHarness.Hex(CodecHarness.Encode("DateTime64(9)", DateTime.UnixEpoch.AddTicks(1))), Is.EqualTo("6400000000000000"));

    [Test]
    public void DateTime64_ExactValue_IntoFewerDigits_IsTruncatedTowardThePast_LikeADateTime()
    {
        Assert.That(CodecHarness.Hex(CodecHarness.Encode("DateTime64(3)", new ClickHouseDateTime64(-1, 9))), Is.EqualTo("FFFFFFFFFFFFFFFF"));
        Assert.That(CodecHarness.Hex(CodecHarness.Encode("DateTime64(3)", new ClickHouseDateTime64(1_999_999, 9))), Is.EqualTo("0100000000000000"));
        Assert.That(CodecHarness.Hex(CodecHarness.Encode("DateTime64(9)", new ClickHouseDateTime64(1, 0))), Is.EqualTo("00CA9A3B00000000"));
    }

    [Test]
    public void DateTime64_ExactValue_OutsideTheColumnsRange_IsRefused()
    {
        Assert.That(() => CodecHarness.Encode("DateTime64(9)", ClickHouseDateTime64.Parse("2262-04-11 23:47:17")),
            Throws.TypeOf<OverflowException>().With.Message.EqualTo(
                "2262-04-11 23:47:17 is outside the range of DateTime64(9) (1900-01-01 00:00:00.000000000 .. 2262-04-11 23:47:16.854775807 UTC)."));
        Assert.That(() => CodecHarness.Encode("DateTime64(8)", ClickHouseDateTime64.Parse("1899-12-31 23:59:59.99999999")),
            Throws.TypeOf<OverflowException>().With.Message.Contain("(1900-01-01 00:00:00.00000000 .. 2299-12-31 23:59:59.99999999 UTC)"));
        Assert.That(() => CodecHarness.Encode("DateTime64(8)", new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Throws.TypeOf<OverflowException>());
    }

    [Test]
    public void Decimal_P28_ReadsAsDecimal_AndP29ReadsAsExactType()
    {
        Assert.That(CodecHarness.Decode("Decimal(28, 0)", 1, CodecHarness.Encode("Decimal(28, 0)", 9999999999999999999999999999m))[0], Is.EqualTo(9999999999999999999999999999m));
        var wide = CodecHarness.Decode("Decimal(38, 10)", 1, CodecHarness.Encode("Decimal(38, 10)", ClickHouseDecimal.Parse("-1234567890123456789012345678.0123456789")))[0];
        Assert.That(wide, Is.EqualTo(ClickHouseDecimal.Parse("-1234567890123456789012345678.0123456789")));
        Assert.That(wide!.ToString(), Is.EqualTo("-1234567890123456789012345678.0123456789"));
    }

    [Test]
    public void UInt8Column_DecodesManyRowsWithoutBoxingThroughTypedAccess()
    {
        using var data = CodecHarness.DecodeColumn("UInt64", 3, CodecHarness.Bytes("010000000000000002000000000000000300000000000000"));
        var typed = (Ja4Data.Types.Columns.ColumnData<ulong>)data;
        Assert.That(new[] { typed.Get(0), typed.Get(1), typed.Get(2) }, Is.EqualTo(new ulong[] { 1, 2, 3 }));
    }

    [Test]
    public void ZeroRows_ReadNoBytes()
    {
        foreach (var type in new[] { "UInt64", "String", "Nullable(String)", "FixedString(3)", "Array(UInt8)", "Tuple(UInt8, String)", "Map(String, UInt8)", "Variant(String, UInt8)" })
        {
            var prefix = type.StartsWith("Variant", StringComparison.Ordinal) ? "0000000000000000" : string.Empty;
            Assert.That(CodecHarness.Decode(type, 0, CodecHarness.Bytes(prefix)), Is.Empty, type);
        }
    }
}
