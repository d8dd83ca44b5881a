using Ja4Data.Sql;
using Ja4Data.Types.Formats;
using Ja4Data.Types.Syntax;
using K = Ja4Data.Sql.SqlValueKind;

namespace Ja4Data.Tests.Types;

/// <summary>TabSeparated, CSV and JSONEachRow data written after <c>FORMAT</c>, read as ClickHouse reads it.</summary>
[TestFixture]
public sealed class InlineFormatsTests
{
    private static readonly (string Name, TypeNode Type)[] Columns =
    [
        ("id", TypeParser.Parse("UInt32")),
        ("s", TypeParser.Parse("String")),
        ("n", TypeParser.Parse("Nullable(UInt8)")),
    ];

    private static List<string> Read(string format, string data)
    {
        var sql = $"INSERT INTO t FORMAT {format}\n{data}";
        var rows = InlineFormats.ReadRows(format, sql, InlineInsert.Find(sql)!.DataStart, Columns);
        return [.. rows.Select(row => string.Join("|", row.Select(Show)))];
    }

    private static string Show(SqlValue value) => value.Kind switch
    {
        K.String => value.Text is null ? "bytes:" + Convert.ToHexString(value.Bytes!) : $"'{value.Text}'",
        K.Number => value.Text!,
        K.Array => "[" + string.Join(",", value.Items.Select(Show)) + "]",
        K.Map => "{" + string.Join(",", value.Items.Select(Show)) + "}",
        K.Bool => value.Boolean.ToString(),
        _ => value.Kind.ToString(),
    };

    [Test]
    public void TabSeparated_FieldsWithClickHouseEscapes_AndNull()
        => Assert.That(Read("TSV", "1\ta\\tb\\nc\\\\\t\\N\n2\t\t7\r\n3\t\\xFF\t\\N\n"), Is.EqualTo(new List<string>
        {
            "'1'|'a\tb\nc\\'|Null", "'2'|''|'7'", "'3'|bytes:FF|Null",
        }));

    [Test]
    public void TabSeparated_EndsAtTheFirstEmptyLine_AsClickHouseClientDoes()
    {
        Assert.That(Read("TabSeparated", "1\ta\t\\N\n\n  \n"), Has.Count.EqualTo(1));
        var ex = Assert.Throws<InlineDataException>(() => Read("TSV", "1\ta\t\\N\n\n2\tb\t\\N"));
        Assert.That(ex!.Message, Does.Contain("empty line").And.Contain("line 3"));
    }

    [Test]
    public void TabSeparatedWithNames_MapsByName_LeavingOtherColumnsMissing()
        => Assert.That(Read("TSVWithNames", "s\tid\nx\t1\n"), Is.EqualTo(new List<string> { "'1'|'x'|Missing" }));

    [Test]
    public void Csv_QuotedAndUnquotedFields()
        => Assert.That(Read("CSV", "1, \"a,\"\"b\" ,\\N\n2,,\n3,\"\\N\",\"\"\r\n"), Is.EqualTo(new List<string>
        {
            "'1'|'a,\"b'|Null", "'2'|Missing|Missing", "'3'|'\\N'|''",
        }));

    [Test]
    public void Csv_AQuotedFieldMaySpanLines()
        => Assert.That(Read("CSVWithNames", "id,s\n1,\"two\nlines\"\n"), Is.EqualTo(new List<string> { "'1'|'two\nlines'|Missing" }));

    [Test]
    public void JsonEachRow_ObjectsByKey_NumbersKeepTheirText()
    {
        Assert.That(Read("JSONEachRow", "{\"id\": 1, \"s\": \"a\\u0000\\\"\"} {\"n\": null, \"id\": 18446744073709551615}\n{\"id\": 1.50e1};"), Is.EqualTo(new List<string>
        {
            "1|'a\0\"'|Missing", "18446744073709551615|Missing|Null", "1.50e1|Missing|Missing",
        }));
        Assert.That(Read("JSONLines", "[{\"id\": 1}, {\"s\": [\"x\"]}]"), Is.EqualTo(new List<string> { "1|Missing|Missing", "Missing|['x']|Missing" }));
    }

    [TestCase("TSV", "1\ta\n", "2 fields but the insert has 3 columns")]
    [TestCase("CSV", "1,\"open,\\N\n", "not closed")]
    [TestCase("CSV", "1,\"a\"b,\\N\n", "Expected ',' or a line break")]
    [TestCase("TSVWithNames", "id\tnope\n", "'nope', which is not a column")]
    [TestCase("JSONEachRow", "{\"id\": 1, \"x\": 2}", "\"x\", which is not a column")]
    [TestCase("JSONEachRow", "{\"id\": 1, \"id\": 2}", "twice")]
    [TestCase("JSONEachRow", "{\"id\": 1", "not valid JSON")]
    [TestCase("JSONEachRow", "[1]", "not an object")]
    public void Errors_NameTheProblem(string format, string data, string problem)
    {
        var ex = Assert.Throws<InlineDataException>(() => Read(format, data));
        Assert.That(ex!.Message, Does.Contain(problem));
    }

    [TestCase("tsv", true)]
    [TestCase("JSONLines", true)]
    [TestCase("Parquet", false)]
    [TestCase("CSVWithNamesAndTypes", false)]
    public void IsSupported_ByNameAnyCase(string format, bool expected)
        => Assert.That(InlineFormats.IsSupported(format), Is.EqualTo(expected));
}
