using System.Globalization;
using System.Text;
using Ja4Data.Ado.Binding;
using Ja4Data.LocalServer.ChDb;
using Ja4Data.Sql;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// Proves on a current engine (chDB 26.7) that our text forms parse to the intended values: <c>SET param_p = '...'</c>
/// hands the server exactly our escaped text form (the SET value is a SQL string, unquoted by the same rules as the
/// native field dump), and <c>{p:Type}</c> then parses it as a bound parameter. The client-side literal for each
/// value runs on the same engine, so both paths are checked against one expectation. The cases are the ones the live
/// 18.16 test server checks too (<see cref="ParameterTypeCases"/>), plus the types only a current engine has; and
/// <c>@name</c> parameters with their inferred types (ParameterTextFormChDbTests.AtName.cs).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ParameterTextFormChDbTests
{
    private ChDbSession _chdb = null!;

    [SetUp]
    public void SetUp() => _chdb = ChDbRequirement.Shared;

    private string Scalar(string sql) => _chdb.QueryText(sql).TrimEnd('\n');

    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.OnCurrentClickHouse))]
    public void ServerSideTextForm_ParsesToTheIntendedValue(object? value, string type, string check)
    {
        var textForm = ParameterFormatter.TextForm(value, type, "p");
        var sql = $"SET param_p = {ClickHouseLiteral.Quote(textForm)}; SELECT {check.Replace("{v}", $"{{p:{type}}}", StringComparison.Ordinal)}";
        Assert.That(Scalar(sql), Is.EqualTo("1").Or.EqualTo("true"), $"text form {textForm}");
    }

    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.OnCurrentClickHouse))]
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
