using Ja4Data.Sql;

namespace Ja4Data.Tests.Sql;

[TestFixture]
public sealed class PlaceholderScannerTests
{
    // "name:Type" for {name:Type}, "name:" for @name.
    private static string[] Names(string sql) => [.. PlaceholderScanner.Find(sql).Select(p => $"{p.Name}:{p.TypeName}")];

    [Test]
    public void Find_ReturnsPositionNameAndType()
    {
        const string sql = "SELECT {a:UInt8}, { b : Nullable(String) } FROM t WHERE x = {c:DateTime('Europe/Amsterdam')}";
        var found = PlaceholderScanner.Find(sql);
        Assert.That(found.Select(p => sql.Substring(p.Start, p.Length)), Is.EqualTo((string[])["{a:UInt8}", "{ b : Nullable(String) }", "{c:DateTime('Europe/Amsterdam')}"]));
        Assert.That(found.Select(p => (p.Name, p.TypeName)), Is.EqualTo(((string, string)[])[("a", "UInt8"), ("b", "Nullable(String)"), ("c", "DateTime('Europe/Amsterdam')")]));
    }

    [TestCase("SELECT '{p:String}'")]
    [TestCase("SELECT \"{p:String}\"")]
    [TestCase("SELECT `{p:String}`")]
    [TestCase("SELECT 1 -- {p:String}")]
    [TestCase("SELECT 1 # {p:String}")]
    [TestCase("SELECT 1 #!{p:String}")]
    [TestCase("SELECT 1 // {p:String}")]
    [TestCase("SELECT 1 /* {p:String} */")]
    [TestCase("SELECT 1 /* outer /* inner */ {p:String} */")]
    [TestCase("SELECT 1 /* unterminated {p:String}")]
    [TestCase("SELECT 'unterminated {p:String}")]
    [TestCase("SELECT $${p:String}$$")]
    [TestCase("SELECT $tag${p:String} $$ still inside$tag$")]
    [TestCase("SELECT \u2018{p:String}\u2019")]
    [TestCase("SELECT \u201C{p:String}\u201D")]
    [TestCase("SELECT 'it''s {p:String}'")]
    [TestCase("SELECT 'escaped \\' {p:String}'")]
    [TestCase("SELECT 'backslash at end \\\\' || '{p:String}'")]
    [TestCase("SELECT `a``b {p:String}`")]
    public void Find_IgnoresPlaceholdersInLiteralsIdentifiersAndComments(string sql)
        => Assert.That(Names(sql), Is.Empty);

    [TestCase("SELECT 1 -- comment\n, {p:String}")]
    [TestCase("SELECT 1 /* a */ , {p:String}")]
    [TestCase("SELECT 'a''' , {p:String}")]
    [TestCase("SELECT 'a\\\\', {p:String}")]
    [TestCase("SELECT #x\n{p:String}")] // '#' without a space is not a comment
    [TestCase("SELECT a$b$c, {p:String} -- $b$")] // a '$' inside a word opens no heredoc
    [TestCase("SELECT $1, {p:String}")] // a lone $ tag without its closing twin is no heredoc
    [TestCase("SELECT \u2018a\u2019, {p:String}")]
    [TestCase("SELECT '\u2019', {p:String}")] // a typographic quote inside an ASCII string is just a character
    [TestCase("SELECT 1 / 2, {p:String}")]
    [TestCase("SELECT 1 - 2, {p:String}")]
    [TestCase("SELECT { /* c */ p -- d\n : String }")] // the server's parser skips comments between tokens
    [TestCase("SELECT $$ {q:String} $$, {p:String}")]
    [TestCase("SELECT /* /* {q:String} */ */ {p:String}")]
    public void Find_SeesPlaceholdersAfterClosedLiteralsAndComments(string sql)
        => Assert.That(Names(sql), Is.EqualTo((string[])["p:String"]));

    [TestCase("SELECT {p:}")]
    [TestCase("SELECT {:String}")]
    [TestCase("SELECT {p String}")]
    [TestCase("SELECT {p:String")]
    [TestCase("SELECT {p::String}")]
    [TestCase("SELECT {1p:String}")]
    [TestCase("SELECT {p:Array(String}")]
    [TestCase("SELECT {p:String)}")]
    [TestCase("SELECT {'a':1}")]
    [TestCase("SELECT {}")]
    public void Find_MalformedPlaceholders_AreLeftAlone(string sql)
        => Assert.That(Names(sql), Is.Empty);

    [Test]
    public void Find_APlaceholderInsideABrokenOne_IsStillOne()
        => Assert.That(Names("SELECT {p:{q:String}}"), Is.EqualTo((string[])["q:String"])); // the server reads {p: ...} as a map

    [Test]
    public void Find_TypeArguments_MayHoldBracesAndParenthesesInQuotes()
    {
        Assert.That(Names("SELECT {e:Enum8('}' = 1, ')(' = 2)}"), Is.EqualTo((string[])["e:Enum8('}' = 1, ')(' = 2)"]));
        Assert.That(Names("SELECT {m:Map(String, Array(Tuple(a UInt8, b String)))}"), Is.EqualTo((string[])["m:Map(String, Array(Tuple(a UInt8, b String)))"]));
    }

    [Test]
    public void Find_IdentifierPlaceholders_AndRepeatedNames()
        => Assert.That(Names("SELECT {c:Identifier} FROM {db:Identifier}.{t:Identifier} WHERE {c:Identifier} = {v:String}"),
            Is.EqualTo((string[])["c:Identifier", "db:Identifier", "t:Identifier", "c:Identifier", "v:String"]));

    [Test]
    public void Find_HandlesSqlThatEndsMidToken()
    {
        foreach (var sql in (string[])["{", "{p", "{p:", "'", "\"", "`", "/*", "--", "$", "$a", "$a$", "\\", "\u2018", "#"])
        {
            Assert.That(Names(sql), Is.Empty, sql);
        }
    }

    [Test]
    public void Find_AtNames_HaveNoTypeAndCoverTheWholeName()
    {
        const string sql = "SELECT * FROM t WHERE a = @a AND ab=@ab AND c IN (@p_1, @_x, @P2) -- @a";
        var found = PlaceholderScanner.Find(sql);
        Assert.That(found.Select(p => sql.Substring(p.Start, p.Length)), Is.EqualTo((string[])["@a", "@ab", "@p_1", "@_x", "@P2"]));
        Assert.That(found.Select(p => (p.Name, p.TypeName)), Is.EqualTo(((string, string?)[])[("a", null), ("ab", null), ("p_1", null), ("_x", null), ("P2", null)]));
    }

    [TestCase("SELECT '@p'")]
    [TestCase("SELECT 'mail: someone@example.com'")]
    [TestCase("SELECT \"@p\"")]
    [TestCase("SELECT `@p`")]
    [TestCase("SELECT 1 -- @p")]
    [TestCase("SELECT 1 # @p")]
    [TestCase("SELECT 1 // @p")]
    [TestCase("SELECT 1 /* @p */")]
    [TestCase("SELECT 1 /* a /* b */ @p */")]
    [TestCase("SELECT $$@p$$")]
    [TestCase("SELECT $tag$ @p $tag$")]
    [TestCase("SELECT \u2018@p\u2019")]
    [TestCase("SELECT 'it''s @p'")]
    [TestCase("SELECT 'escaped \\' @p'")]
    [TestCase("SELECT @@version")]
    [TestCase("SELECT @@session.max_threads")]
    [TestCase("SELECT @ p")]
    [TestCase("SELECT @")]
    [TestCase("SELECT @1")]
    [TestCase("SELECT @1abc")]
    [TestCase("SELECT @a$b")]
    [TestCase("SELECT @'p'")]
    [TestCase("SELECT @`p`")]
    [TestCase("CREATE USER u@localhost")]
    [TestCase("CREATE USER u@'%'")]
    [TestCase("CREATE USER 'u'@host")]
    [TestCase("GRANT SELECT ON db.* TO `u`@h1")]
    [TestCase("INSERT INTO t FORMAT CSV\n@p,1")]
    [TestCase("INSERT INTO t (a, b) SETTINGS async_insert = 1 FORMAT TabSeparated\n@p\t{p:String}\n")]
    public void Find_AtNames_AreNoPlaceholdersInLiteralsCommentsOrOtherSyntax(string sql)
        => Assert.That(Names(sql), Is.Empty);

    [TestCase("SELECT 'a@b', @p")]
    [TestCase("SELECT 1 -- @x\n, @p")]
    [TestCase("SELECT 1 /* @x */, @p")]
    [TestCase("SELECT $$@x$$, @p")]
    [TestCase("SELECT `@x`, @p")]
    [TestCase("SELECT @@x, @p")]
    [TestCase("SELECT x=@p")]
    [TestCase("SELECT (@p)")]
    [TestCase("SELECT 1 + @p")]
    [TestCase("INSERT INTO t SELECT @p")]
    [TestCase("INSERT INTO t (format) SELECT @p")]
    [TestCase("INSERT INTO t VALUES (@p)")]
    public void Find_AtNames_AfterClosedLiteralsCommentsAndOperators(string sql)
        => Assert.That(Names(sql), Is.EqualTo((string[])["p:"]));

    [Test]
    public void Find_BothKindsTogether_InTextOrder()
        => Assert.That(Names("SELECT {a:UInt8}, @b, '{c:String} @d', {e:Array(String)} WHERE x = @a"), Is.EqualTo((string[])["a:UInt8", "b:", "e:Array(String)", "a:"]));

    [TestCase("SELECT 1 WHERE x IN @p", true)]
    [TestCase("SELECT 1 WHERE x in @p", true)]
    [TestCase("SELECT 1 WHERE x NOT IN @p", true)]
    [TestCase("SELECT 1 WHERE x GLOBAL IN /* set */ @p", true)]
    [TestCase("SELECT 1 WHERE x IN {p:Array(UInt8)}", true)]
    [TestCase("SELECT 1 WHERE x IN (@p)", false)]
    [TestCase("SELECT 1 WHERE x = @p", false)]
    [TestCase("SELECT 1 WHERE has(@p, x)", false)]
    [TestCase("SELECT 1 WHERE `IN` @p", false)]
    public void Find_MarksThePlaceholderRightAfterIn(string sql, bool afterIn)
        => Assert.That(PlaceholderScanner.Find(sql).Single().AfterIn, Is.EqualTo(afterIn));

    [TestCase("SELECT 1", -1)]
    [TestCase("SELECT 1;", -1)]
    [TestCase("SELECT 1; -- done\n", -1)]
    [TestCase("SELECT 1;;", -1)]
    [TestCase("SELECT ';' AS x", -1)]
    [TestCase("SELECT 1 /* ; */", -1)]
    [TestCase("SELECT 1; SELECT 2", 10)]
    [TestCase("SELECT @a;\nSELECT @b", 11)]
    [TestCase("INSERT INTO t FORMAT CSV\na;b\n", -1)]
    [TestCase("INSERT INTO t VALUES (1); SELECT 2", 26)]
    public void Find_SaysWhereASecondStatementStarts(string sql, int expected)
    {
        PlaceholderScanner.Find(sql, out var second);
        Assert.That(second, Is.EqualTo(expected));
    }
}
