using Ja4Data.Sql;
using static Ja4Data.Tests.Schema.TestValues;

namespace Ja4Data.Tests.Sql;

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

    [TestCase("SELECT $$a;b$$; SELECT 2", "SELECT $$a;b$$")]
    [TestCase("SELECT $tag$ ; $$ ; $tag$; SELECT 2", "SELECT $tag$ ; $$ ; $tag$")]
    [TestCase("SELECT 1 /* a /* ; */ ; */; SELECT 2", "SELECT 1 /* a /* ; */ ; */")]
    [TestCase("SELECT 1 # a; b\n; SELECT 2", "SELECT 1 # a; b")]
    [TestCase("SELECT 1 #!a; b\n; SELECT 2", "SELECT 1 #!a; b")]
    [TestCase("SELECT 1 // a; b\n; SELECT 2", "SELECT 1 // a; b")]
    [TestCase("SELECT \u2018a;b\u2019, \u201Cc;d\u201D; SELECT 2", "SELECT \u2018a;b\u2019, \u201Cc;d\u201D")]
    public void Split_SemicolonsInHeredocsNestedCommentsAndOtherCommentStyles_AreNotSeparators(string sql, string first)
        => Assert.That(SqlStatementSplitter.Split(sql), Is.EqualTo(Expected(first, "SELECT 2")));

    [Test]
    public void Split_HashWithoutSpace_IsNoComment_SoItsSemicolonSeparates()
        => Assert.That(SqlStatementSplitter.Split("SELECT 1 #x; SELECT 2"), Is.EqualTo(Expected("SELECT 1 #x", "SELECT 2")));

    [Test]
    public void Split_LeadingCommentsOfEveryStyle_AreDropped()
        => Assert.That(SqlStatementSplitter.Split("# a;\n// b;\n/* c; /* d; */ */\nSELECT 1;"), Is.EqualTo(Expected("SELECT 1")));

    [TestCase("SELECT 'open")]
    [TestCase("SELECT `open")]
    [TestCase("SELECT \"open")]
    [TestCase("SELECT 1 /* open")]
    [TestCase("SELECT 1 /* outer /* inner */ still open")]
    [TestCase("SELECT \u2018open;")]
    [TestCase("SELECT 'ends with escaped quote\\'")]
    public void Split_UnterminatedQuoteOrComment_Throws(string sql)
    {
        Assert.Throws<FormatException>(() => SqlStatementSplitter.Split(sql));
    }
}
