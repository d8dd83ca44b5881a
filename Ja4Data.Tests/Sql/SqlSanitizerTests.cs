using Ja4Data.Sql;

namespace Ja4Data.Tests.Sql;

[TestFixture]
public sealed class SqlSanitizerTests
{
    [TestCase("SELECT 1", "SELECT ?")]
    [TestCase("select * from t where name = 'O\\'Brien' and id in (1, 2.5e3, 0x1F)", "select * from t where name = ? and id in (?, ?, ?)")]
    [TestCase("CREATE USER u IDENTIFIED BY 'pa55-word'", "CREATE USER u IDENTIFIED BY ?")]
    [TestCase("SELECT $tag$secret$tag$, x'4142' -- a comment with 'text'\nFROM t", "SELECT ?, ?  \nFROM t")]
    [TestCase("SELECT {p:String}, @name FROM `db`.\"t\" /* note */", "SELECT {p:String}, @name FROM `db`.\"t\"")]
    [TestCase("SELECT 'unclosed secret", "SELECT ?")]
    public void Sanitize_ReplacesLiteralsAndDropsComments(string sql, string expected)
        => Assert.That(SqlSanitizer.Sanitize(sql), Is.EqualTo(expected));

    [TestCase("select 1", "SELECT")]
    [TestCase("  -- comment\n  Insert INTO t VALUES", "INSERT")]
    [TestCase("((SELECT 1) UNION ALL (SELECT 2))", "SELECT")]
    [TestCase("WITH x AS (SELECT 1) SELECT * FROM x", "WITH")]
    [TestCase("'not a keyword'", null)]
    [TestCase("", null)]
    [TestCase("x1 y", null)]
    public void OperationName_IsTheFirstKeywordInUpperCase(string sql, string? expected)
        => Assert.That(SqlSanitizer.OperationName(sql), Is.EqualTo(expected));
}
