using Ja4Data.Schema;
using NUnit.Framework;
using static Ja4Data.Tests.Schema.TestValues;

namespace Ja4Data.Tests.Schema;

[TestFixture]
public sealed class SqlStatementSplitterTests
{
    [Test]
    public void Split_SemicolonLines_OneEntryPerStatementWithoutTheSemicolon()
    {
        var statements = SqlStatementSplitter.Split("CREATE TABLE a (x UInt8) ENGINE = Memory;\n\nCREATE TABLE b (x UInt8) ENGINE = Memory;\n");

        Assert.That(statements, Is.EqualTo(Expected("CREATE TABLE a (x UInt8) ENGINE = Memory", "CREATE TABLE b (x UInt8) ENGINE = Memory")));
    }

    [Test]
    public void Split_SemicolonsInsideLiteralsIdentifiersAndComments_AreNotSeparators()
    {
        const string sql = """
            SELECT 'a;b', 'it''s;', 'back\';slash', `odd;name`, "dq;name" -- trailing; comment
            FROM t /* block; comment */ WHERE x = ';';
            SELECT 2
            """;

        var statements = SqlStatementSplitter.Split(sql);

        Assert.Multiple(() =>
        {
            Assert.That(statements, Has.Count.EqualTo(2));
            Assert.That(statements[0], Does.StartWith("SELECT 'a;b'").And.EndWith("WHERE x = ';'"));
            Assert.That(statements[1], Is.EqualTo("SELECT 2"));
        });
    }

    [Test]
    public void Split_LeadingCommentsAndEmptyStatements_AreDropped()
    {
        var statements = SqlStatementSplitter.Split("-- header: x\n-- prose\n\nSELECT 1;;\n  ;\n-- only a comment\n");

        Assert.That(statements, Is.EqualTo(Expected("SELECT 1")));
    }

    [Test]
    public void Split_NoTrailingSemicolon_KeepsLastStatement()
    {
        Assert.That(SqlStatementSplitter.Split("SELECT 1;\nSELECT 2\n"), Is.EqualTo(Expected("SELECT 1", "SELECT 2")));
    }

    [TestCase("SELECT 'open")]
    [TestCase("SELECT `open")]
    [TestCase("SELECT 1 /* open")]
    [TestCase("SELECT 'ends with escaped quote\\'")]
    public void Split_UnterminatedQuoteOrComment_Throws(string sql)
    {
        Assert.Throws<FormatException>(() => SqlStatementSplitter.Split(sql));
    }
}
