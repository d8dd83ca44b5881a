using Ja4Data.Sql;

namespace Ja4Data.Tests.Sql;

/// <summary>Where an INSERT's inline data starts, as ClickHouse's ParserInsertQuery finds it.</summary>
[TestFixture]
public sealed class InlineInsertTests
{
    [TestCase("INSERT INTO t VALUES (1)", "(1)", "Values", "t")]
    [TestCase("insert into db.t values(1),(2);", "(1),(2);", "Values", "db.t")]
    [TestCase("/* c */ INSERT INTO TABLE `d`.`t x` (a, `b`) VALUES\n  (1, 'a')", "(1, 'a')", "Values", "`d`.`t x`")]
    [TestCase("INSERT INTO t (a) SETTINGS async_insert = 0, x = 'VALUES' VALUES (1)", "(1)", "Values", "t")]
    [TestCase("INSERT INTO FUNCTION remote('h', db, t) (a) VALUES (1)", "(1)", "Values", "FUNCTION remote('h', db, t)")]
    [TestCase("INSERT INTO t FORMAT TSV\n1\ta\n", "1\ta\n", "TSV", "t")]
    [TestCase("INSERT INTO t FORMAT CSV \t\r\n1,a", "1,a", "CSV", "t")]
    [TestCase("INSERT INTO t FORMAT JSONEachRow {\"a\": 1}", "{\"a\": 1}", "JSONEachRow", "t")]
    [TestCase("INSERT INTO t FORMAT Values (1)", "(1)", "Values", "t")]
    [TestCase("INSERT INTO {db:Identifier}.{t:Identifier} VALUES (1)", "(1)", "Values", "{db:Identifier}.{t:Identifier}")]
    [TestCase("INSERT INTO t FORMAT TSV\n\nsecond line is data", "\nsecond line is data", "TSV", "t")]
    public void Find_LocatesTheData(string sql, string data, string format, string target)
    {
        var inline = InlineInsert.Find(sql);
        Assert.That(inline, Is.Not.Null);
        Assert.That((sql[inline!.DataStart..], inline.Format, inline.Target(sql)), Is.EqualTo((data, format, target)));
    }

    [TestCase("SELECT 1")]
    [TestCase("INSERT INTO t SELECT 1")]
    [TestCase("INSERT INTO t (a) SELECT 1")]
    [TestCase("INSERT INTO t (SELECT 1)")]
    [TestCase("INSERT INTO t WITH 1 AS x SELECT x")]
    [TestCase("INSERT INTO t VALUES")]
    [TestCase("INSERT INTO t VALUES -- nothing\n ;")]
    [TestCase("INSERT INTO t FORMAT TSV")]
    [TestCase("INSERT INTO t FORMAT TSV\n  \n")]
    [TestCase("INSERT INTO t FORMAT TSV;1")]
    [TestCase("INSERT INTO t FROM INFILE 'f' FORMAT CSV")]
    [TestCase("INSERT t VALUES (1)")]
    [TestCase("INSERT INTO t (a VALUES (1)")]
    public void Find_WithoutInlineData_IsNull(string sql)
        => Assert.That(InlineInsert.Find(sql), Is.Null);

    [Test]
    public void HeadWithColumns_ReplacesTheColumnList_KeepingTheRest()
    {
        const string sql = "INSERT INTO db.t (a, b, c) SETTINGS x = 1 VALUES (1, DEFAULT, 3)";
        var inline = InlineInsert.Find(sql)!;
        Assert.That(inline.HeadWithColumns(sql, ["`a`", "`c`"]), Is.EqualTo("INSERT INTO db.t (`a`, `c`) SETTINGS x = 1 VALUES "));

        const string noList = "INSERT INTO t VALUES (1)";
        Assert.That(InlineInsert.Find(noList)!.HeadWithColumns(noList, ["`a`"]), Is.EqualTo("INSERT INTO t (`a`) VALUES "));
    }
}
