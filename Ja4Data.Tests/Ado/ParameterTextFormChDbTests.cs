using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using Ja4Data.Ado.Binding;
using Ja4Data.LocalServer.ChDb;
using Ja4Data.Sql;
using Ja4Data.Tests.ChDb;
using NUnit.Framework;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Ado;

/// <summary>
/// Proves on a current engine (chDB 26.7) that our text forms parse to the intended values: <c>SET param_p = '...'</c>
/// hands the server exactly our escaped text form (the SET value is a SQL string, unquoted by the same rules as the
/// native field dump), and <c>{p:Type}</c> then parses it as a bound parameter. The client-side literal for each
/// value runs on the same engine, so both paths are checked against one expectation.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ParameterTextFormChDbTests
{
    private static readonly DateTime Instant = new(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc);
    private ChDbSession _chdb = null!;

    [SetUp]
    public void SetUp() => _chdb = ChDbRequirement.Shared;

    private enum Color
    {
        Red = 1,
        Green = 2,
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        // {v} stands for the parameter (server-side form) or for our literal (client-side form).
        TestCaseData Case(object? value, string type, string check) => new TestCaseData(value, type, check).SetArgDisplayNames(type, check);

        yield return Case((byte)255, "UInt8", "{v} = 255");
        yield return Case(Int128.MinValue, "Int128", "{v} = toInt128('-170141183460469231731687303715884105728')");
        yield return Case((BigInteger.One << 256) - 1, "UInt256", "{v} = toUInt256('115792089237316195423570985008687907853269984665640564039457584007913129639935')");
        yield return Case(-5L, "Int64", "{v} = -5");
        yield return Case(Color.Green, "Int32", "{v} = 2");
        yield return Case(0.1f, "Float32", "{v} = toFloat32(0.1)");
        yield return Case(0.1, "Float64", "{v} = 0.1");
        yield return Case(double.Epsilon, "Float64", "{v} = 5e-324 AND {v} > 0");
        yield return Case(double.MaxValue, "Float64", "{v} = 1.7976931348623157e308");
        yield return Case(double.NaN, "Float64", "isNaN({v})");
        yield return Case(double.NegativeInfinity, "Float64", "isInfinite({v}) AND {v} < 0");
        yield return Case(1.5m, "Decimal(18, 4)", "{v} = toDecimal64('1.5', 4)");
        yield return Case(-0.0000000001m, "Decimal(38, 10)", "{v} = toDecimal128('-0.0000000001', 10)");
        yield return Case(1e-30, "Decimal(38, 30)", "{v} = toDecimal128('0.000000000000000000000000000001', 30)");
        yield return Case(true, "Bool", "{v} = true");
        yield return Case(true, "UInt8", "{v} = 1");
        yield return Case("O'Brien\\\t\n\0'", "String", "{v} = 'O\\'Brien\\\\\\t\\n\\0\\''");
        yield return Case(new byte[] { 0xFF, 0x00, 0x27, 0x5C }, "String", "hex({v}) = 'FF00275C'");
        yield return Case("x", "FixedString(3)", "{v} = 'x\\0\\0'");
        yield return Case("x", "LowCardinality(Nullable(String))", "{v} = 'x'");
        yield return Case(Instant, "DateTime('UTC')", "{v} = toDateTime(1700000000, 'UTC')");
        yield return Case(Instant, "DateTime('Asia/Tokyo')", "toString({v}) = '2023-11-15 07:13:20'");
        yield return Case(DateTime.SpecifyKind(Instant, DateTimeKind.Unspecified), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(Instant.ToLocalTime(), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(new DateTimeOffset(2023, 11, 15, 7, 13, 20, TimeSpan.FromHours(9)), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(DateTime.UnixEpoch, "DateTime('UTC')", "toUnixTimestamp({v}) = 0");
        yield return Case(DateTime.UnixEpoch.AddDays(1), "DateTime('UTC')", "toUnixTimestamp({v}) = 86400");
        yield return Case(new DateOnly(2023, 11, 14), "DateTime('UTC')", "{v} = toDateTime('2023-11-14 00:00:00', 'UTC')");
        yield return Case(Instant.AddTicks(1_234_567), "DateTime64(3, 'UTC')", "{v} = toDateTime64('2023-11-14 22:13:20.123', 3, 'UTC')");
        yield return Case(Instant.AddTicks(1_234_567), "DateTime64(9, 'UTC')", "{v} = toDateTime64('2023-11-14 22:13:20.1234567', 9, 'UTC')");
        yield return Case(DateTime.UnixEpoch.AddSeconds(-1.5), "DateTime64(3, 'UTC')", "{v} = toDateTime64('1969-12-31 23:59:58.5', 3, 'UTC')");
        yield return Case(DateTime.UnixEpoch.AddTicks(-1), "DateTime64(0, 'UTC')", "{v} = toDateTime64('1969-12-31 23:59:59', 0, 'UTC')");
        yield return Case(DateTime.UnixEpoch.AddTicks(-10_010_000), "DateTime64(3, 'UTC')", "{v} = toDateTime64('1969-12-31 23:59:58.999', 3, 'UTC')");
        yield return Case(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc), "DateTime64(0, 'UTC')", "{v} = toDateTime64('1900-01-01 00:00:00', 0, 'UTC')");
        yield return Case(new DateOnly(2023, 11, 14), "Date", "{v} = toDate('2023-11-14')");
        yield return Case(new DateOnly(1969, 12, 31), "Date32", "{v} = toDate32('1969-12-31')");
        yield return Case(new DateOnly(2149, 6, 6), "Date", "{v} = toDate('2149-06-06')");
        yield return Case(new TimeSpan(0, 12, 34, 56), "Time", "toString({v}) = '12:34:56'");
        yield return Case(TimeSpan.FromSeconds(-1.5), "Time64(3)", "toString({v}) = '-00:00:01.500'");
        yield return Case(Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001"), "UUID", "{v} = toUUID('6f1c2a3e-0000-4000-8000-000000000001')");
        yield return Case(IPAddress.Parse("127.0.0.1"), "IPv4", "{v} = toIPv4('127.0.0.1')");
        yield return Case(IPAddress.Parse("127.0.0.1"), "IPv6", "{v} = toIPv6('::ffff:127.0.0.1')");
        yield return Case(IPAddress.Parse("2001:db8::1"), "IPv6", "{v} = toIPv6('2001:db8::1')");
        yield return Case(Color.Green, "Enum8('Red' = 1, 'Green' = 2)", "toString({v}) = 'Green'");
        yield return Case(null, "Nullable(String)", "isNull({v})");
        yield return Case(null, "LowCardinality(Nullable(String))", "isNull({v})");
        yield return Case(new[] { "a'b\\", null, "\t" }, "Array(Nullable(String))", "{v} = ['a\\'b\\\\', NULL, '\\t']");
        yield return Case(new[] { new[] { 1 }, new[] { 2, 3 } }, "Array(Array(Int32))", "{v} = [[1], [2, 3]]");
        yield return Case(new[] { Instant }, "Array(DateTime('UTC'))", "{v} = [toDateTime(1700000000, 'UTC')]");
        yield return Case(new[] { double.NaN, 1.5 }, "Array(Float64)", "isNaN({v}[1]) AND {v}[2] = 1.5");
        yield return Case(new[] { new byte[] { 0xFF } }, "Array(String)", "hex({v}[1]) = 'FF'");
        yield return Case(new Dictionary<string, string?[]> { ["k'"] = ["x", null] }, "Map(String, Array(Nullable(String)))", "{v} = map('k\\'', ['x', NULL])");
        yield return Case((1, "x'", new[] { 2 }), "Tuple(a UInt8, b String, c Array(UInt8))", "{v} = tuple(1, 'x\\'', [2])");
        yield return Case(new[] { DateTime.UnixEpoch.AddSeconds(-1.5), Instant }, "Array(DateTime64(3, 'UTC'))",
            "{v} = [toDateTime64('1969-12-31 23:59:58.5', 3, 'UTC'), toDateTime64('2023-11-14 22:13:20', 3, 'UTC')]");
        yield return Case((DateTime.UnixEpoch.AddSeconds(-1.5), "x"), "Tuple(DateTime64(3, 'UTC'), String)", "{v} = tuple(toDateTime64('1969-12-31 23:59:58.5', 3, 'UTC'), 'x')");
        yield return Case(new[] { new Dictionary<string, int> { ["a"] = 1 } }, "Array(Map(String, UInt8))", "{v} = [map('a', 1)]");
        yield return Case(new Dictionary<string, int>(), "Map(String, UInt8)", "empty({v})");
        yield return Case("12", "UInt8", "{v} = 12");
    }

    private string Scalar(string sql) => _chdb.QueryText(sql).TrimEnd('\n');

    [TestCaseSource(nameof(Cases))]
    public void ServerSideTextForm_ParsesToTheIntendedValue(object? value, string type, string check)
    {
        var textForm = ParameterFormatter.TextForm(value, type, "p");
        var sql = $"SET param_p = {ClickHouseLiteral.Quote(textForm)}; SELECT {check.Replace("{v}", $"{{p:{type}}}", StringComparison.Ordinal)}";
        Assert.That(Scalar(sql), Is.EqualTo("1").Or.EqualTo("true"), $"text form {textForm}");
    }

    [TestCaseSource(nameof(Cases))]
    public void ClientSideLiteral_ParsesToTheIntendedValue(object? value, string type, string check)
    {
        var literal = ParameterFormatter.Literal(value, type, "p");
        Assert.That(Scalar($"SELECT {check.Replace("{v}", literal, StringComparison.Ordinal)}"), Is.EqualTo("1").Or.EqualTo("true"), literal);
    }

    [Test]
    public void HostileStrings_RoundTripByteForByte_OnBothPaths()
    {
        var random = new Random(4242);
        string[] nasty = ["\\", "'", "\"", "`", "\0", "\n", "\t", "\r", "{p:String}", "--", "/*", "*/", "$$", "\u2019", "\u201D", "é", "😀", "\x7F", "\x01"];
        for (var batch = 0; batch < 40; batch++)
        {
            var values = Enumerable.Range(0, 50).Select(_ =>
                string.Concat(Enumerable.Range(0, random.Next(0, 10)).Select(_ => random.Next(3) == 0 ? ((char)random.Next(32, 0xD7FF)).ToString() : nasty[random.Next(nasty.Length)]))
                + (random.Next(5) == 0 ? "\\" : string.Empty)).ToList();
            var sets = string.Concat(values.Select((v, i) => $"SET param_p{i} = {ClickHouseLiteral.Quote(ParameterFormatter.TextForm(v, "String", "p"))}; "));
            var server = Scalar(sets + "SELECT " + string.Join(", ", values.Select((_, i) => $"hex({{p{i}:String}})")));
            var client = Scalar("SELECT " + string.Join(", ", values.Select(v => $"hex({ParameterFormatter.Literal(v, "String", "p")})")));
            var expected = string.Join("\t", values.Select(v => Convert.ToHexString(Encoding.UTF8.GetBytes(v))));
            Assert.That((server, client), Is.EqualTo((expected, expected)), $"batch {batch}");
        }
    }

    [TestCase("a`b")]
    [TestCase("a\\")]
    [TestCase("`x` FROM t -- ")]
    [TestCase("it's \"quoted\"")]
    public void HostileIdentifiers_NameExactlyThatColumn_OnBothPaths(string name)
    {
        var source = $"(SELECT 42 AS {ClickHouseIdentifier.Quote(name)})";
        var server = Scalar($"SET param_c = {ClickHouseLiteral.Quote(ParameterFormatter.TextForm(name, "Identifier", "c"))}; SELECT {{c:Identifier}} FROM {source}");
        var client = Scalar($"SELECT {ParameterFormatter.Literal(name, "Identifier", "c")} FROM {source}");
        Assert.That((server, client), Is.EqualTo(("42", "42")));
    }

    [Test]
    public void OutOfRangeValues_TheServerWouldClampSilently_AreRefusedBeforeSending()
    {
        // What the server does with them (why we refuse): wraps, clamps, truncates.
        Assert.That(Scalar("SET param_x = '256'; SELECT {x:UInt8}"), Is.EqualTo("0"));
        Assert.That(Scalar("SET param_x = '1969-12-31'; SELECT {x:Date}"), Is.EqualTo("1970-01-01"));
        Assert.That(Scalar("SET param_x = '1.23456'; SELECT {x:Decimal(18, 2)}"), Is.EqualTo("1.23"));
        Assert.Throws<ArgumentException>(() => ParameterFormatter.TextForm(256, "UInt8", "x"));
        Assert.Throws<ArgumentException>(() => ParameterFormatter.TextForm(new DateOnly(1969, 12, 31), "Date", "x"));
        Assert.Throws<ArgumentException>(() => ParameterFormatter.TextForm(1.23456m, "Decimal(18, 2)", "x"));
        Assert.That(ParameterFormatter.TextForm(1.5m, "Decimal(18, 2)", "x"), Is.EqualTo(1.5m.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void SubSecondBefore1970_WouldLoseItsSign_SoIsRefused()
    {
        Assert.That(Scalar("SET param_x = '-0000000000.001'; SELECT toString({x:DateTime64(3, 'UTC')})"), Is.EqualTo("1970-01-01 00:00:00.001"));
        Assert.Throws<ArgumentException>(() => ParameterFormatter.TextForm(DateTime.UnixEpoch.AddMilliseconds(-1), "DateTime64(3)", "x"));
    }

    [Test]
    public void ShortUnixTimes_AreOnlyReadAsSecondsWhenPadded()
        => Assert.That(
            Assert.Throws<ChDbException>(() => Scalar("SET param_x = '0'; SELECT {x:DateTime('UTC')}"))!.Message
            + Scalar($"SET param_x = '{ParameterFormatter.TextForm(DateTime.UnixEpoch, "DateTime", "x")}'; SELECT toUnixTimestamp({{x:DateTime('UTC')}})"),
            Does.Contain("CANNOT_PARSE_DATETIME").And.EndsWith("0"));
}
