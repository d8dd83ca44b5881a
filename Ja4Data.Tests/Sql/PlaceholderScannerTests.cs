using Ja4Data.Sql;
using NUnit.Framework;

namespace Ja4Data.Tests.Sql;

[TestFixture]
public sealed class PlaceholderScannerTests
{
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
}
