using Ja4Data.Sql;
using K = Ja4Data.Sql.SqlValueKind;

namespace Ja4Data.Tests.Sql;

/// <summary>The VALUES reader: literals of every kind, nesting, placeholders, expressions, and errors with positions.</summary>
[TestFixture]
public sealed class ValuesParserTests
{
    private static List<SqlValue[]> Rows(string data, IReadOnlyList<Placeholder>? placeholders = null)
    {
        var sql = "INSERT INTO t VALUES " + data;
        return ValuesParser.ParseRows(sql, InlineInsert.Find(sql)!.DataStart, placeholders ?? PlaceholderScanner.Find(sql));
    }

    private static SqlValue One(string literal) => Rows($"({literal})").Single().Single();

    // A compact rendering of a value tree, to compare whole structures at once.
    private static string Show(SqlValue value) => value.Kind switch
    {
        K.Number => $"{value.Number}:{value.Text}",
        K.String => value.Text is null ? $"bytes:{Convert.ToHexString(value.Bytes!)}" : $"'{value.Text}'",
        K.Array => "[" + string.Join(", ", value.Items.Select(Show)) + "]",
        K.Tuple => "(" + string.Join(", ", value.Items.Select(Show)) + ")",
        K.Map => "{" + string.Join(", ", value.Items.Chunk(2).Select(p => $"{Show(p[0])}: {Show(p[1])}")) + "}",
        K.Placeholder => $"?{value.Index}:{value.Text}",
        K.Expression => $"expr:{value.Text}",
        K.Bool => value.Boolean ? "true" : "false",
        _ => value.Kind.ToString(),
    };

    [TestCase("1", "Integer:1")]
    [TestCase("-1", "Integer:-1")]
    [TestCase("- 1", "Integer:-1")]
    [TestCase("+7", "Integer:7")]
    [TestCase("18446744073709551616", "Integer:18446744073709551616")]
    [TestCase("1_000_000", "Integer:1000000")]
    [TestCase("0x1F", "Integer:31")]
    [TestCase("-0xff", "Integer:-255")]
    [TestCase("0b101", "Integer:5")]
    [TestCase("1.5", "Real:1.5")]
    [TestCase("-.5", "Real:-.5")]
    [TestCase("1e3", "Real:1e3")]
    [TestCase("-2.5E-3", "Real:-2.5E-3")]
    [TestCase("0x1.8p3", "Real:12")]
    [TestCase("inf", "Special:inf")]
    [TestCase("-Infinity", "Special:-inf")]
    [TestCase("NaN", "Special:nan")]
    [TestCase("NULL", "Null")]
    [TestCase("null", "Null")]
    [TestCase("TRUE", "true")]
    [TestCase("false", "false")]
    [TestCase("DEFAULT", "Default")]
    [TestCase(@"'a\'b''c\\'", @"'a'b'c\'")]
    [TestCase(@"'\xFF'", "bytes:FF")]
    [TestCase("$$x'y$$", "'x'y'")]
    [TestCase("[]", "[]")]
    [TestCase("[1, -2, [3, 4], ]", "[Integer:1, Integer:-2, [Integer:3, Integer:4]]")]
    [TestCase("(1, 'a', (NULL, [true]))", "(Integer:1, 'a', (Null, [true]))")]
    [TestCase("((1))", "((Integer:1))")]
    [TestCase("{'a': 1, 'b': [2]}", "{'a': Integer:1, 'b': [Integer:2]}")]
    [TestCase("{}", "{}")]
    [TestCase("[{'k': (1, 'x')}]", "[{'k': (Integer:1, 'x')}]")]
    public void ParseRows_Literals(string literal, string expected)
        => Assert.That(Show(One(literal)), Is.EqualTo(expected));

    [TestCase("now()", "now()")]
    [TestCase("1 + 2", "1 + 2")]
    [TestCase("toDate('2024-01-01') + 1", "toDate('2024-01-01') + 1")]
    [TestCase("-x", "-x")]
    [TestCase("[1, now()]", "[1, now()]")]
    [TestCase("'a' || 'b'", "'a' || 'b'")]
    [TestCase("CAST('1' AS UInt8)", "CAST('1' AS UInt8)")]
    [TestCase("(SELECT max(x) FROM t)", "(SELECT max(x) FROM t)")]
    [TestCase("DEFAULT + 1", "DEFAULT + 1")]
    [TestCase("map('a', 1)", "map('a', 1)")]
    [TestCase("{p:UInt8} + 1", "{p:UInt8} + 1")]
    public void ParseRows_AnythingElse_IsAnExpressionForTheServer(string text, string expected)
        => Assert.That(Show(One(text)), Is.EqualTo("expr:" + expected));

    [Test]
    public void ParseRows_RowsWithAndWithoutCommas_AndATrailingSemicolon()
    {
        var rows = Rows("(1, 'a'), (2, 'b') (3, 'c'),\n-- a comment\n(4, 'd');  \n");
        Assert.That(rows.Select(r => string.Join("|", r.Select(Show))), Is.EqualTo(new List<string>
        {
            "Integer:1|'a'", "Integer:2|'b'", "Integer:3|'c'", "Integer:4|'d'",
        }));
    }

    [Test]
    public void ParseRows_Placeholders_AreValues_WhereAValueStarts()
    {
        const string sql = "INSERT INTO {t:Identifier} VALUES ({a:UInt32}, [{b:String}], '{c:String}')";
        var placeholders = PlaceholderScanner.Find(sql);
        var rows = ValuesParser.ParseRows(sql, InlineInsert.Find(sql)!.DataStart, placeholders);
        Assert.That(rows.Single().Select(Show), Is.EqualTo(new List<string> { "?1:a", "[?2:b]", "'{c:String}'" }));
    }

    [Test]
    public void ParseRows_Positions_AreOffsetsIntoTheSql()
    {
        const string sql = "INSERT INTO t VALUES (1, 'ab')";
        var value = ValuesParser.ParseRows(sql, InlineInsert.Find(sql)!.DataStart, [])[0][1];
        Assert.That(sql.Substring(value.Start, value.Length), Is.EqualTo("'ab'"));
    }

    [TestCase("(1, 'a'", 0, 1, "the row is not closed", "line 1, column 29")]
    [TestCase("(1, 'a'), (2, 'b'", 1, 1, "the row is not closed", "line 1, column 39")]
    [TestCase("(1) x", 1, -1, "expected '(' to start the next row", "line 1, column 26")]
    [TestCase("1, 2", 0, -1, "expected '(' to start the first row", "line 1, column 22")]
    [TestCase("(1, 'open)", 0, 1, "a string literal is not closed", "line 1, column 26")]
    [TestCase("(1),\n(2, 3 ;", 1, 1, "not closed before ';'", "line 2, column 7")]
    [TestCase("(1); (2)", 1, -1, "only white space and comments may follow", "line 1, column 27")]
    [TestCase("(1, )", 0, 1, "expected a value", "line 1, column 26")]
    [TestCase("(1, 2])", 0, 1, "expected ',' or ')'", "line 1, column 27")]
    public void ParseRows_Errors_NameRowValueAndPosition(string data, int row, int value, string problem, string where)
    {
        var ex = Assert.Throws<InlineDataException>(() => Rows(data));
        Assert.That((ex!.Row, ex.Value), Is.EqualTo((row, value)), ex.Message);
        Assert.That(ex.Message, Does.Contain(problem).And.Contain(where));
    }

    [Test]
    public void ParseRows_HostileNesting_FailsCleanly_WithoutExhaustingTheStack()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var ex = Assert.Throws<InlineDataException>(() => Rows($"({deep})"));
        Assert.That(ex!.Message, Does.Contain("deeper than"));
    }

    [Test]
    public void ParseLiteral_ReadsWholeText_OrFails()
    {
        Assert.That(Show(ValuesParser.ParseLiteral(" ['a', 'b'] ")), Is.EqualTo("['a', 'b']"));
        Assert.Throws<InlineDataException>(() => ValuesParser.ParseLiteral("[1] 2"));
        Assert.Throws<InlineDataException>(() => ValuesParser.ParseLiteral("[now()]"));
    }

    [Test]
    public void Describe_GivesLineAndColumn()
        => Assert.That(ValuesParser.Describe("ab\ncd\nef", 7), Is.EqualTo("line 3, column 2 (offset 7)"));
}
