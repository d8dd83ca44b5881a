using System.Globalization;
using System.Net;
using System.Numerics;
using Ja4Data.Ado.Binding;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Ado;

[TestFixture]
public sealed class ParameterFormatterTests
{
    private enum Color : byte
    {
        A = 1,
        Other = 2,
    }

    private static readonly DateTime Instant = new(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc); // Unix 1700000000

    private static string Text(object? value, string type) => ParameterFormatter.TextForm(value, type, "p");

    private static string Literal(object? value, string type) => ParameterFormatter.Literal(value, type, "p");

    private static ArgumentException? Refused(object? value, string type)
    {
        var ex = Assert.Throws<ArgumentException>(() => Text(value, type));
        Assert.Throws<ArgumentException>(() => Literal(value, type));
        Assert.That(ex!.Message, Does.Contain("'p'").Or.Contain("{p:"));
        return ex;
    }

    private static IEnumerable<TestCaseData> TextForms()
    {
        TestCaseData Case(object? value, string type, string expected) => new TestCaseData(value, type, expected).SetArgDisplayNames(type, expected);

        yield return Case((byte)255, "UInt8", "255");
        yield return Case(long.MinValue, "Int64", "-9223372036854775808");
        yield return Case(ulong.MaxValue, "UInt64", "18446744073709551615");
        yield return Case(Int128.MinValue, "Int128", "-170141183460469231731687303715884105728");
        yield return Case(UInt128.MaxValue, "UInt128", "340282366920938463463374607431768211455");
        yield return Case((BigInteger.One << 255) - 1, "Int256", ((BigInteger.One << 255) - 1).ToString(CultureInfo.InvariantCulture));
        yield return Case(3.0m, "Int32", "3");
        yield return Case(42, "INT", "42");
        yield return Case(Color.Other, "UInt8", "2");
        yield return Case(true, "UInt8", "1");
        yield return Case(true, "Bool", "true");
        yield return Case(false, "BOOLEAN", "false");
        yield return Case(0.1, "Float64", "0.1");
        yield return Case(0.1f, "Float64", "0.10000000149011612");
        yield return Case(double.NaN, "Float64", "nan");
        yield return Case(double.PositiveInfinity, "Float64", "inf");
        yield return Case(float.NegativeInfinity, "Float32", "-inf");
        yield return Case(double.Epsilon, "Float64", "5E-324");
        yield return Case(-0.0, "Float64", "-0");
        yield return Case((Half)1.5, "Float32", "1.5");
        yield return Case(7, "Float64", "7");
        yield return Case(1.50m, "Decimal(18, 4)", "1.50");
        yield return Case(-0.0000000001m, "Decimal(38, 10)", "-0.0000000001");
        yield return Case(0.1, "Decimal(18, 2)", "0.1");
        yield return Case(1e20, "Decimal(38, 2)", "100000000000000000000");
        yield return Case(1e-30, "Decimal(38, 30)", "0.000000000000000000000000000001");
        yield return Case(123L, "Decimal64(2)", "123");
        yield return Case("O'Brien\\\t\n\r\0\b\f\x01\x7F'", "String", "O'Brien\\\\\\t\\n\\r\\0\\b\\f\\x01\\x7F'");
        yield return Case("{p:String} -- /* */ \"`\u2019", "String", "{p:String} -- /* */ \"`\u2019");
        yield return Case(new byte[] { 0xFF, 0x00, (byte)'a', (byte)'\\', (byte)'\'', 0xC3, 0xA9 }, "String", @"\xFF\0a\\\'\xC3\xA9");
        yield return Case('x', "FixedString(1)", "x");
        yield return Case(12, "String", "12");
        yield return Case(Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001"), "String", "6f1c2a3e-0000-4000-8000-000000000001");
        yield return Case("12", "UInt8", "12");
        yield return Case(Instant, "DateTime", "1700000000");
        yield return Case(DateTime.SpecifyKind(Instant, DateTimeKind.Unspecified), "DateTime", "1700000000");
        yield return Case(Instant.ToLocalTime(), "DateTime('Asia/Tokyo')", "1700000000");
        yield return Case(new DateTimeOffset(2023, 11, 15, 7, 13, 20, TimeSpan.FromHours(9)), "DateTime", "1700000000");
        yield return Case(DateTime.UnixEpoch, "DateTime", "0000000000");
        yield return Case(DateTime.UnixEpoch.AddDays(1), "DateTime", "0000086400");
        yield return Case(Instant.AddTicks(9_999_999), "DateTime", "1700000000");
        yield return Case(new DateOnly(2023, 11, 14), "DateTime", "1699920000");
        yield return Case(Instant.AddTicks(1_234_567), "DateTime64(3)", "1700000000.123");
        yield return Case(Instant.AddTicks(1_234_567), "DateTime64(7, 'UTC')", "1700000000.1234567");
        yield return Case(Instant.AddTicks(1_234_567), "DateTime64(9)", "1700000000.123456700");
        yield return Case(Instant.AddTicks(1_234_567), "DateTime64(0)", "1700000000");
        yield return Case(Instant, "DateTime(3)", "1700000000.000");
        yield return Case(DateTime.UnixEpoch.AddSeconds(-1.5), "DateTime64(3, 'UTC')", "-0000000001.500");
        yield return Case(DateTime.UnixEpoch.AddTicks(-1), "DateTime64(0)", "-0000000001");
        yield return Case(DateTime.UnixEpoch.AddSeconds(-1), "DateTime64(3)", "-0000000001.000");
        yield return Case(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc), "DateTime64(0)", "-2208988800");
        yield return Case(new DateOnly(2023, 11, 14), "Date", "2023-11-14");
        yield return Case(new DateTime(2023, 11, 14, 23, 59, 0, DateTimeKind.Local), "Date", "2023-11-14");
        yield return Case(new DateTimeOffset(2023, 11, 14, 23, 0, 0, TimeSpan.FromHours(-5)), "Date", "2023-11-14");
        yield return Case(new DateOnly(1969, 12, 31), "Date32", "1969-12-31");
        yield return Case(new TimeSpan(12, 34, 56), "Time", "12:34:56");
        yield return Case(TimeSpan.FromHours(100), "Time", "100:00:00");
        yield return Case(TimeSpan.FromSeconds(-1.5), "Time64(3)", "-0:00:01.500");
        yield return Case(Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001"), "UUID", "6f1c2a3e-0000-4000-8000-000000000001");
        yield return Case(IPAddress.Parse("127.0.0.1"), "IPv4", "127.0.0.1");
        yield return Case(IPAddress.Parse("127.0.0.1"), "IPv6", "::ffff:127.0.0.1");
        yield return Case(IPAddress.Parse("::ffff:1.2.3.4"), "IPv4", "1.2.3.4");
        yield return Case(IPAddress.Parse("2001:db8::1"), "IPv6", "2001:db8::1");
        yield return Case(Color.A, "Enum8('A' = 1, 'B' = 2)", "A");
        yield return Case(Color.Other, "Enum8('A' = 1, 'B' = 2)", "B");
        yield return Case(1, "Enum16('A' = 1, 'B' = 2)", "A");
        yield return Case("B", "Enum8('A' = 1, 'B' = 2)", "B");
        yield return Case(null, "Nullable(String)", @"\N");
        yield return Case(DBNull.Value, "LowCardinality(Nullable(String))", @"\N");
        yield return Case(null, "Variant(String, UInt64)", @"\N");
        yield return Case("x", "LowCardinality(String)", "x");
        yield return Case(new[] { 1, 2 }, "Array(UInt8)", "[1, 2]");
        yield return Case(new byte[] { 1, 2 }, "Array(UInt8)", "[1, 2]");
        yield return Case(Array.Empty<string>(), "Array(String)", "[]");
        yield return Case(new[] { "a'b\\", null, "\t" }, "Array(Nullable(String))", @"['a\'b\\', NULL, '\t']");
        yield return Case(new[] { new[] { 1 }, new[] { 2, 3 } }, "Array(Array(Int32))", "[[1], [2, 3]]");
        yield return Case(new[] { Instant }, "Array(DateTime)", "['1700000000']");
        yield return Case(new[] { new DateOnly(2023, 11, 14) }, "Array(Date)", "['2023-11-14']");
        yield return Case(new List<double> { double.NaN, 1.5 }, "Array(Float64)", "[nan, 1.5]");
        yield return Case(new[] { true, false }, "Array(Bool)", "[true, false]");
        yield return Case(new[] { Color.A }, "Array(Enum8('A' = 1))", "['A']");
        yield return Case(new[] { new byte[] { 0xFF } }, "Array(String)", @"['\xFF']");
        yield return Case(new Dictionary<string, int> { ["a"] = 1, ["b'"] = 2 }, "Map(String, UInt8)", @"{'a': 1, 'b\'': 2}");
        yield return Case(new Dictionary<string, string?[]> { ["k"] = ["x", null] }, "Map(String, Array(Nullable(String)))", "{'k': ['x', NULL]}");
        yield return Case((1, "x"), "Tuple(UInt8, String)", "(1, 'x')");
        yield return Case(new object?[] { 1, "x", new[] { 2 } }, "Tuple(a UInt8, b String, c Array(UInt8))", "(1, 'x', [2])");
        yield return Case(new[] { (1, "a") }, "Array(Tuple(UInt8, String))", "[(1, 'a')]");
        yield return Case("db`x\\", "Identifier", "db`x\\");
        yield return Case("[1, 2]", "Array(UInt8)", "[1, 2]");
    }

    [TestCaseSource(nameof(TextForms))]
    public void TextForm_IsWhatTheServerParsesForTheType(object? value, string type, string expected)
        => Assert.That(Text(value, type), Is.EqualTo(expected));

    private static IEnumerable<TestCaseData> Literals()
    {
        TestCaseData Case(object? value, string type, string expected) => new TestCaseData(value, type, expected).SetArgDisplayNames(type, expected);

        yield return Case("x'y\\", "String", @"CAST('x\'y\\' AS String)");
        yield return Case("a\tb\n", "String", @"CAST('a\tb\n' AS String)");
        yield return Case(5, "UInt8", "CAST('5' AS UInt8)");
        yield return Case(5, "INT", "CAST('5' AS INT)");
        yield return Case(null, "Nullable(String)", "CAST(NULL AS Nullable(String))");
        yield return Case(Instant, "DateTime('Asia/Tokyo')", "CAST('1700000000' AS DateTime('Asia/Tokyo'))");
        yield return Case(new[] { "a'b" }, "Array(String)", @"CAST('[\'a\\\'b\']' AS Array(String))");
        yield return Case(new byte[] { 0xFF, 0x27 }, "String", @"CAST('\xFF\'' AS String)");
        yield return Case("v", "  String ", "CAST('v' AS String)");
        yield return Case("a", "Enum8('a' = 1, 'it''s' = 2)", @"CAST('a' AS Enum8('a' = 1, 'it\'s' = 2))");
        yield return Case("tbl", "Identifier", "`tbl`");
        yield return Case("a`b\\", "Identifier", @"`a\`b\\`");
        yield return Case("`x` FROM t -- ", "Identifier", @"`\`x\` FROM t -- `");
        yield return Case(double.NaN, "Float64", "CAST('nan' AS Float64)");
        yield return Case(true, "Bool", "CAST('true' AS Bool)");
        yield return Case(DateTime.UnixEpoch.AddSeconds(-1.5), "DateTime64(3, 'UTC')", "CAST(toDecimal128('-0000000001.500', 3) AS DateTime64(3, 'UTC'))");
        yield return Case(new Dictionary<string, int?> { ["a'"] = 1, ["b"] = null }, "Map(String, Nullable(UInt8))",
            @"CAST(map(CAST('a\'' AS String), CAST('1' AS Nullable(UInt8)), CAST('b' AS String), CAST(NULL AS Nullable(UInt8))) AS Map(String, Nullable(UInt8)))");
        yield return Case(new Dictionary<string, int>(), "Map(String, UInt8)", "CAST(map() AS Map(String, UInt8))");
        yield return Case(new[] { DateTime.UnixEpoch.AddSeconds(-1.5) }, "Array(DateTime64(3))",
            "CAST([CAST(toDecimal128('-0000000001.500', 3) AS DateTime64(3))] AS Array(DateTime64(3)))");
        yield return Case((1, new[] { 2 }), "Tuple(UInt8, Array(UInt8))", @"CAST('(1, [2])' AS Tuple(UInt8, Array(UInt8)))");
    }

    [TestCaseSource(nameof(Literals))]
    public void Literal_IsOneTypedExpression(object? value, string type, string expected)
        => Assert.That(Literal(value, type), Is.EqualTo(expected));

    private static IEnumerable<TestCaseData> Refusals()
    {
        TestCaseData Case(object? value, string type, string because) => new TestCaseData(value, type, because).SetArgDisplayNames(type, because);

        yield return Case(256, "UInt8", "outside the range");
        yield return Case(-1, "UInt32", "outside the range");
        yield return Case(128, "Int8", "outside the range");
        yield return Case(3.5m, "Int32", "expected an integer");
        yield return Case(1.5, "Int32", "expected an integer");
        yield return Case("x", "Nothing", "Nullable");
        yield return Case(null, "String", "not Nullable");
        yield return Case(DBNull.Value, "UInt8", "not Nullable");
        yield return Case(new int?[] { 1, null }, "Array(UInt8)", "not Nullable");
        yield return Case(1.23456m, "Decimal(18, 2)", "decimal places");
        yield return Case(12345678901234567m, "Decimal(18, 2)", "does not fit");
        yield return Case(double.NaN, "Decimal(18, 2)", "not a Decimal");
        yield return Case(1, "Bool", "expected a bool");
        yield return Case(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc), "DateTime", "range");
        yield return Case(new DateTime(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc), "DateTime", "range");
        yield return Case(new DateTime(1899, 12, 31, 0, 0, 0, DateTimeKind.Utc), "DateTime64(3)", "range");
        yield return Case(new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc), "DateTime64(3)", "range");
        yield return Case(DateTime.UnixEpoch.AddTicks(-1), "DateTime64(3)", "less than a second before 1970");
        yield return Case(new DateOnly(1969, 12, 31), "Date", "range");
        yield return Case(new DateOnly(2149, 6, 7), "Date", "range");
        yield return Case(new DateOnly(1899, 12, 31), "Date32", "range");
        yield return Case(Instant, "String", "format dates yourself");
        yield return Case(42, "UUID", "expected a Guid");
        yield return Case(IPAddress.Parse("::1"), "IPv4", "not an IPv4");
        yield return Case(Color.Other, "Enum8('A' = 1)", "neither a label nor a value");
        yield return Case(new object[] { 1 }, "Tuple(UInt8, String)", "elements");
        yield return Case(new object(), "String", "cannot be sent");
        yield return Case(42, "Array(UInt8)", "expected a collection");
        yield return Case("", "Identifier", "non-empty string");
        yield return Case(5, "Identifier", "non-empty string");
        yield return Case("x", "Strin g(", "does not name a ClickHouse type");
        yield return Case("x", "", "does not name a ClickHouse type");
        yield return Case("a\uD800b", "String", "unpaired UTF-16 surrogate at index 1");
        yield return Case("\uDC00", "Identifier", "unpaired UTF-16 surrogate");
        yield return Case(new[] { "ok", "\uD83D" }, "Array(String)", "unpaired UTF-16 surrogate");
    }

    [TestCaseSource(nameof(Refusals))]
    public void Values_ThatWouldChangeOrCannotBeSent_AreRefusedWithTheParameterName(object? value, string type, string because)
        => Assert.That(Refused(value, type)!.Message, Does.Contain(because));

    [Test]
    public void WellFormedSurrogatePairs_PassThrough()
        => Assert.That(Text("a\U0001F600b", "String"), Is.EqualTo("a\U0001F600b"));
}
