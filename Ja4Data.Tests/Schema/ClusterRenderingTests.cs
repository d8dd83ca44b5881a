using System.Text.RegularExpressions;
using Ja4Data.Schema;

namespace Ja4Data.Tests.Schema;

/// <summary>The two renderings of the embedded migrations: one server, and every node of a cluster.</summary>
[TestFixture]
public sealed class ClusterRenderingTests
{
    [Test]
    public void Render_OneServer_IsTheTemplateWithoutClusterPlaceholders()
    {
        var raw = MigrationCatalog.Embedded[0];

        Assert.That(raw.Render("l", "p"), Is.EqualTo(TestValues.Expected("""
            CREATE TABLE IF NOT EXISTS `l`.http_logs_raw
            (
                raw String,
                ingested_at DateTime DEFAULT now()
            )
            ENGINE = MergeTree
            PARTITION BY toYYYYMMDD(ingested_at)
            ORDER BY ingested_at
            """)));
    }

    [Test]
    public void Render_Cluster_RawTableBecomesReplicatedLocalPlusDistributedShardedBySourceAddress()
    {
        var raw = MigrationCatalog.Embedded[0];

        Assert.That(raw.Render("my_logs", "my_proc", "ja4"), Is.EqualTo(TestValues.Expected(
            """
            CREATE TABLE IF NOT EXISTS `my_logs`.http_logs_raw_local ON CLUSTER `ja4`
            (
                raw String,
                ingested_at DateTime DEFAULT now()
            )
            ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/my_logs/http_logs_raw_local', '{replica}')
            PARTITION BY toYYYYMMDD(ingested_at)
            ORDER BY ingested_at
            """,
            """
            CREATE TABLE IF NOT EXISTS `my_logs`.http_logs_raw ON CLUSTER `ja4`
            AS `my_logs`.http_logs_raw_local
            ENGINE = Distributed(`ja4`, `my_logs`, http_logs_raw_local, cityHash64(visitParamExtractString(raw, 'src_ip')))
            """)));
    }

    [TestCase(2, "http_logs", "ReplicatedMergeTree('/clickhouse/tables/{shard}/l/http_logs_local', '{replica}')", "cityHash64(src_ip)")]
    [TestCase(4, "audit_logs", "ReplicatedMergeTree('/clickhouse/tables/{shard}/p/audit_logs_local', '{replica}')", "cityHash64(user_name)")]
    [TestCase(5, "ml_detected_anomalies", "ReplicatedMergeTree('/clickhouse/tables/{shard}/p/ml_detected_anomalies_local', '{replica}')", "cityHash64(ja4)")]
    [TestCase(6, "known_fingerprints", "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/p/known_fingerprints_local', '{replica}', updated_at)", "cityHash64(ja4)")]
    [TestCase(7, "ja4_hourly", "ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/p/ja4_hourly_local', '{replica}')", "cityHash64(ja4)")]
    [TestCase(8, "ja4_ip_daily", "ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/p/ja4_ip_daily_local', '{replica}')", "cityHash64(src_ip)")]
    [TestCase(12, "ja4_client_ips", "ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/p/ja4_client_ips_local', '{replica}')", "cityHash64(ja4)")]
    public void Render_Cluster_EachTableGetsTheReplicatedTwinOfItsEngineAndADistributedTable(int version, string table, string engine, string key)
    {
        var statements = MigrationCatalog.Embedded.Single(m => m.Version == version).Render("l", "p", "c");
        var database = version == 2 ? "`l`" : "`p`";

        Assert.Multiple(() =>
        {
            Assert.That(statements[0], Does.StartWith($"CREATE TABLE IF NOT EXISTS {database}.{table}_local ON CLUSTER `c`\n(").And.Contain($"\nENGINE = {engine}\n"));
            Assert.That(statements[1], Is.EqualTo(
                $"CREATE TABLE IF NOT EXISTS {database}.{table} ON CLUSTER `c`\nAS {database}.{table}_local\nENGINE = Distributed(`c`, {database}, {table}_local, {key})"));
        });
    }

    [Test]
    public void Render_Cluster_MaterializedViewsReadTheLocalRawTableAndWriteLocalTables()
    {
        var mvs = MigrationCatalog.Embedded.SelectMany(m => m.Render("l", "p", "c")).Where(s => s.StartsWith("CREATE MATERIALIZED VIEW", StringComparison.Ordinal)).ToList();

        Assert.That(mvs, Has.Count.EqualTo(4));
        foreach (var mv in mvs)
        {
            Assert.Multiple(() =>
            {
                Assert.That(mv, Does.Match(@"^CREATE MATERIALIZED VIEW IF NOT EXISTS `[lp]`\.mv_\w+ ON CLUSTER `c`\nTO `[lp]`\.\w+_local\n"), mv);
                Assert.That(mv, Does.Contain("FROM `l`.http_logs_raw_local\n").Or.EndWith("FROM `l`.http_logs_raw_local"), mv);
            });
        }
    }

    [Test]
    public void Render_Cluster_ViewsReadTheDistributedTablesOnEveryNode()
    {
        var views = MigrationCatalog.Embedded.Single(m => m.Name == "dashboard_views").Render("l", "p", "c");

        Assert.That(views, Has.Count.EqualTo(4));
        Assert.Multiple(() =>
        {
            foreach (var view in views)
            {
                Assert.That(view, Does.Match(@"^CREATE VIEW IF NOT EXISTS `p`\.v_\w+ ON CLUSTER `c`\n"), view);
                Assert.That(view, Does.Not.Contain("_local"), view);
            }
        });
    }

    [Test]
    public void Render_Cluster_TtlAltersTheLocalTablesAndTheDictionaryIsCreatedOnEveryNode()
    {
        var ttl = MigrationCatalog.Embedded.Single(m => m.Name == "http_logs_raw_ttl").Render("l", "p", "c");
        var dictionary = MigrationCatalog.Embedded.Single(m => m.Name == "known_fingerprints_dictionary").Render("l", "p", "c");

        Assert.Multiple(() =>
        {
            Assert.That(ttl, Is.EqualTo(TestValues.Expected("ALTER TABLE `l`.http_logs_raw_local ON CLUSTER `c` MODIFY TTL ingested_at + INTERVAL 30 DAY")));
            Assert.That(dictionary.Single(), Does.StartWith("CREATE DICTIONARY IF NOT EXISTS `p`.known_fingerprints_dict ON CLUSTER `c`\n")
                .And.Contain("SOURCE(CLICKHOUSE(DB `p` TABLE 'v_known_fingerprints'))"));
        });
    }

    [Test]
    public void Render_Cluster_EveryDdlRunsOnClusterAndNoPlainMergeTreeIsLeft()
    {
        var statements = MigrationCatalog.Embedded.SelectMany(m => m.Render("l", "p", "c")).ToList();

        Assert.Multiple(() =>
        {
            foreach (var statement in statements)
            {
                Assert.That(statement, Does.Contain(" ON CLUSTER `c`"), statement);
                Assert.That(Regex.IsMatch(statement, @"ENGINE = (?!Replicated|Distributed)"), Is.False, statement);
                Assert.That(statement, Does.Not.Contain("rand"), statement);
            }
        });
    }

    [Test]
    public void Render_Cluster_EveryTableOfTheSingleServerLayoutHasALocalTwinAndADistributedTable()
    {
        var created = new Regex(@"^CREATE TABLE IF NOT EXISTS `[lp]`\.(?<name>\w+)", RegexOptions.CultureInvariant);
        var single = MigrationCatalog.Embedded.SelectMany(m => m.Render("l", "p")).Select(s => created.Match(s)).Where(m => m.Success).Select(m => m.Groups["name"].Value).ToList();
        var cluster = MigrationCatalog.Embedded.SelectMany(m => m.Render("l", "p", "c")).Select(s => created.Match(s)).Where(m => m.Success).Select(m => m.Groups["name"].Value).ToList();

        Assert.That(cluster, Is.EquivalentTo(single.SelectMany(t => (string[])[t + "_local", t])));
    }

    [Test]
    public void ChecksumFor_Layouts_OneServerIsTheShippedChecksumAndEachClusterNameHasItsOwn()
    {
        var m = MigrationCatalog.Embedded[1];

        Assert.Multiple(() =>
        {
            Assert.That(m.ChecksumFor(null), Is.EqualTo(m.Checksum));
            Assert.That(m.ChecksumFor("ja4"), Is.Not.EqualTo(m.Checksum).And.EqualTo(MigrationCatalog.Checksum(MigrationTemplate.ResolveLayout(m.Sql, "ja4"))));
            Assert.That(m.ChecksumFor("ja4"), Is.Not.EqualTo(m.ChecksumFor("other")));
            Assert.That(MigrationTemplate.ResolveLayout(MigrationCatalog.Embedded[0].Sql, "ja4"), Does.Contain("'/clickhouse/tables/{shard}/{logs_db}/http_logs_raw_local'"));
        });
    }

    [Test]
    public void Order_LocalReferenceToATableNoMigrationCreates_Throws()
    {
        var view = MigrationCatalog.Parse("0901_logs_mv_x.sql", "CREATE MATERIALIZED VIEW IF NOT EXISTS {logs_db}.mv_x{on_cluster} TO {logs_db}.{local:nowhere} AS SELECT 1 AS x");

        var ex = Assert.Throws<FormatException>(() => MigrationCatalog.Order(MigrationCatalog.Embedded.Append(view)));

        Assert.That(ex!.Message, Does.Contain("0901_logs_mv_x").And.Contain("{logs_db}.nowhere"));
    }

    [Test]
    public void Order_LocalReferenceToAnEarlierTable_IsAccepted()
    {
        var view = MigrationCatalog.Parse("0901_logs_mv_x.sql", "CREATE MATERIALIZED VIEW IF NOT EXISTS {logs_db}.mv_x{on_cluster} TO {logs_db}.{local:http_logs} AS SELECT 1 AS x FROM {logs_db}.{local:http_logs_raw}");

        Assert.That(MigrationCatalog.Order(MigrationCatalog.Embedded.Append(view)), Has.Count.EqualTo(MigrationCatalog.Embedded.Count + 1));
    }
}
