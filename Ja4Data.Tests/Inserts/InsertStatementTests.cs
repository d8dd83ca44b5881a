using Ja4Data.Core.Inserts;

namespace Ja4Data.Tests.Inserts;

[TestFixture]
public sealed class InsertStatementTests
{
    [TestCase("http_logs", "`http_logs`")]
    [TestCase("ja4_logs.http_logs", "`ja4_logs`.`http_logs`")]
    [TestCase("`ja4 logs`.`http logs`", "`ja4 logs`.`http logs`")]
    [TestCase(@"`a\`b`", @"`a\`b`")]
    [TestCase(@"`a\\`", @"`a\\`")]
    public void QuoteTable_RequotesEveryName(string input, string expected)
        => Assert.That(InsertStatement.QuoteTable(input), Is.EqualTo(expected));

    [TestCase("t; DROP TABLE x")]
    [TestCase("t (a) VALUES")]
    [TestCase("`t` FROM x --")]
    [TestCase("a.b.c")]
    [TestCase("")]
    public void QuoteTable_RefusesAnythingElse(string input)
        => Assert.That(() => InsertStatement.QuoteTable(input), Throws.InstanceOf<ArgumentException>());

    [Test]
    public void Build_QuotesColumns_AndEndsWithValues()
        => Assert.That(InsertStatement.Build("db.t", ["a", "b`c"]), Is.EqualTo(@"INSERT INTO `db`.`t` (`a`, `b\`c`) VALUES"));
}
