using Ja4Data.Sql;
using static Ja4Data.Sql.SqlStatementEffect;

namespace Ja4Data.Tests.Sql;

[TestFixture]
public sealed class SqlStatementClassifierTests
{
    [TestCase("SELECT 1")]
    [TestCase("select count() from t")]
    [TestCase("WITH 1 AS x SELECT x")]
    [TestCase("with (SELECT max(v) FROM t) AS m SELECT m")]
    [TestCase("SHOW TABLES")]
    [TestCase("SHOW CREATE TABLE t")]
    [TestCase("DESCRIBE TABLE t")]
    [TestCase("DESC t")]
    [TestCase("EXISTS TABLE t")]
    [TestCase("EXPLAIN SELECT 1")]
    [TestCase("(SELECT 1) UNION ALL (SELECT 2)")]
    [TestCase("((SELECT 1))")]
    [TestCase("  -- leading comment; with a semicolon\n/* block /* nested */ */ # hash comment\n SELECT 1")]
    [TestCase("SELECT 1;")]
    [TestCase("SELECT 1 ; ; -- trailing comment")]
    [TestCase("SELECT 'DROP TABLE t; ALTER'")]
    [TestCase("SELECT `ALTER` FROM `INSERT`")]
    public void Classify_ProvablyReadOnly_IsReadOnly(string sql) => Assert.That(SqlStatementClassifier.Classify(sql), Is.EqualTo(ReadOnly));

    [TestCase("INSERT INTO t SELECT * FROM s")]
    [TestCase("insert into t values")]
    [TestCase("/* load */ INSERT INTO t FORMAT Native")]
    public void Classify_Insert_IsInsert(string sql) => Assert.That(SqlStatementClassifier.Classify(sql), Is.EqualTo(Insert));

    [TestCase("ALTER TABLE t DELETE WHERE x = 1")]
    [TestCase("ALTER TABLE t UPDATE v = v + 1 WHERE 1")]
    [TestCase("OPTIMIZE TABLE t FINAL")]
    [TestCase("TRUNCATE TABLE t")]
    [TestCase("DROP TABLE t")]
    [TestCase("DROP TABLE IF EXISTS t")]
    [TestCase("RENAME TABLE a TO b")]
    [TestCase("EXCHANGE TABLES a AND b")]
    [TestCase("CREATE TABLE t (x UInt8) ENGINE = Memory")]
    [TestCase("CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Memory")]
    [TestCase("CREATE TABLE t ENGINE = Memory AS SELECT 1")]
    [TestCase("CREATE MATERIALIZED VIEW v ENGINE = Memory POPULATE AS SELECT 1")]
    [TestCase("SYSTEM FLUSH LOGS")]
    [TestCase("KILL QUERY WHERE 1")]
    [TestCase("ATTACH TABLE t")]
    [TestCase("DETACH TABLE t")]
    [TestCase("DELETE FROM t WHERE 1")]
    [TestCase("CHECK TABLE t")]
    [TestCase("SET max_threads = 1")]
    [TestCase("GRANT SELECT ON t TO u")]
    [TestCase("WATCH lv")]
    [TestCase("UNKNOWNVERB t")]
    [TestCase("")]
    [TestCase("   -- only a comment")]
    [TestCase("(")]
    [TestCase("`SELECT` 1")]
    [TestCase("SELECT 1; DROP TABLE t")]
    [TestCase("SELECT 1; SELECT 2")]
    [TestCase("SELECT 'unclosed")]
    [TestCase("SELECT /* unclosed comment")]
    public void Classify_NotProvablyReadOnly_MayChangeData(string sql) => Assert.That(SqlStatementClassifier.Classify(sql), Is.EqualTo(MayChangeData));
}
