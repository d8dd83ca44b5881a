using Ja4Data.Schema;
using static Ja4Data.Tests.Schema.TestValues;

namespace Ja4Data.Tests.Schema;

/// <summary>The deployer's cluster logic against a scripted client; the live cluster tests are in Ja4Data.IntegrationTests.</summary>
[TestFixture]
public sealed class SchemaDeployerClusterTests
{
    [Test]
    public void Constructor_SettingsWithCluster_DeploysOnItAndEmptyMeansOneServer()
    {
        var settings = new ClickHouseSettings { Cluster = "ja4" };

        Assert.Multiple(() =>
        {
            Assert.That(new SchemaDeployer(new UnreachableClient(), settings).Cluster, Is.EqualTo("ja4"));
            Assert.That(new SchemaDeployer(new UnreachableClient(), new ClickHouseSettings()).Cluster, Is.Null);
        });
    }

    [TestCase("ja-4")]
    [TestCase("1ja4")]
    [TestCase("ja4` ON CLUSTER x")]
    public void Constructor_InvalidClusterName_ThrowsNamingTheSettingBeforeAnyQuery(string cluster)
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new SchemaDeployer(new UnreachableClient(), new ClickHouseSettings { Cluster = cluster }));

        Assert.That(ex!.Message, Does.Contain("CLICKHOUSE_CLUSTER").And.Contain(cluster));
    }

    [Test]
    public async Task DeployAsync_ClusterDryRun_CreatesDatabasesAndAReplicatedHistoryOnClusterAndRunsNothing()
    {
        var client = new ScriptedClient();

        var result = await new SchemaDeployer(client, "my_logs", "my_proc", cluster: "ja4").DeployAsync(dryRun: true);

        Assert.Multiple(() =>
        {
            Assert.That(client.Commands, Is.Empty);
            Assert.That(result.Cluster, Is.EqualTo("ja4"));
            Assert.That(result.Statements.Take(2), Is.EqualTo(Expected(
                "CREATE DATABASE IF NOT EXISTS `my_logs` ON CLUSTER `ja4`",
                "CREATE DATABASE IF NOT EXISTS `my_proc` ON CLUSTER `ja4`")));
            Assert.That(result.Statements[2], Does.StartWith("CREATE TABLE IF NOT EXISTS `my_proc`.`schema_migrations` ON CLUSTER `ja4`")
                .And.Contain("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/ja4data/ja4/my_proc/schema_migrations', '{shard}-{replica}', applied_at)"));
            Assert.That(result.Statements.Where(s => !s.StartsWith("INSERT INTO", StringComparison.Ordinal)), Has.All.Contain(" ON CLUSTER `ja4`"));
            Assert.That(result.Outcomes[0].Sql, Does.Contain("`my_logs`.http_logs_raw_local ON CLUSTER `ja4`"));
        });
    }

    [Test]
    public async Task DeployAsync_Cluster_RecordsTheChecksumOfTheClusterRendering()
    {
        var client = new ScriptedClient();

        var result = await new SchemaDeployer(client, "l", "p", cluster: "ja4", retryDelay: TimeSpan.Zero).DeployAsync();

        var records = client.Commands.Where(c => c.StartsWith("INSERT INTO `p`.`schema_migrations`", StringComparison.Ordinal)).ToList();
        var applied = result.Outcomes.Where(o => o.Status == MigrationStatus.Applied).Select(o => o.Migration).ToList();
        Assert.That(records, Is.EqualTo(applied.Select(m => $"INSERT INTO `p`.`schema_migrations` (version, name, checksum) SELECT {m.Version}, '{m}', '{m.ChecksumFor("ja4")}'")));
    }

    [Test]
    public async Task DeployAsync_ClusterHistoryExists_SyncsTheReplicaBeforeReadingIt()
    {
        var client = new ScriptedClient { HistoryEngine = "ReplicatedReplacingMergeTree" };

        await new SchemaDeployer(client, "l", "p", cluster: "ja4").DeployAsync(dryRun: true);

        Assert.That(client.Commands, Is.EqualTo(Expected("SYSTEM SYNC REPLICA `p`.`schema_migrations`")));
    }

    [TestCase(null, false, "ja4", "CLICKHOUSE_CLUSTER is 'ja4', but the server knows no such cluster", "remote_servers")]
    [TestCase("ReplacingMergeTree", true, "ja4", "deployed for a single server", "CLICKHOUSE_CLUSTER is 'ja4'")]
    [TestCase("ReplicatedReplacingMergeTree", true, null, "deployed on a cluster", "CLICKHOUSE_CLUSTER is empty")]
    public void DeployAsync_ServerContradictsTheLayout_ThrowsBeforeChangingAnything(string? historyEngine, bool knowsCluster, string? cluster, string problem, string remedy)
    {
        var client = new ScriptedClient { HistoryEngine = historyEngine, KnowsCluster = knowsCluster };

        var ex = Assert.ThrowsAsync<ClickHouseConfigurationException>(() => new SchemaDeployer(client, "l", "p", cluster: cluster).DeployAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(problem).And.Contain(remedy));
            Assert.That(client.Commands, Is.Empty);
        });
    }

    [Test]
    public async Task DeployAsync_SessionExpiredRightAfterZooKeeperRestart_RepeatsTheStatement()
    {
        var client = new ScriptedClient();
        client.Failures["CREATE DATABASE"] = new Queue<Exception>([ServerError(999, "Session expired"), ServerError(242, "Table is in readonly mode")]);

        var result = await new SchemaDeployer(client, "l", "p", cluster: "ja4", retryDelay: TimeSpan.Zero).DeployAsync();

        Assert.Multiple(() =>
        {
            Assert.That(client.Commands.Take(3), Is.All.EqualTo("CREATE DATABASE IF NOT EXISTS `l` ON CLUSTER `ja4`"));
            Assert.That(result.Outcomes.Select(o => o.Status), Has.None.EqualTo(MigrationStatus.Planned));
            Assert.That(result.Statements, Has.Count.EqualTo(client.Commands.Count - 2));
        });
    }

    [Test]
    public void DeployAsync_TransientErrorThatPersists_GivesUpAfterEightRepeats()
    {
        var client = new ScriptedClient();
        client.Failures["CREATE DATABASE"] = new Queue<Exception>(Enumerable.Range(0, 20).Select(_ => ServerError(999, "Session expired")));

        var ex = Assert.ThrowsAsync<ClickHouseServerException>(() => new SchemaDeployer(client, "l", "p", cluster: "ja4", retryDelay: TimeSpan.Zero).DeployAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(999));
            Assert.That(client.Commands, Has.Count.EqualTo(9));
        });
    }

    [TestCase(159, 1)]
    [TestCase(60, 1)]
    public void DeployAsync_DistributedDdlTimeoutOrPermanentError_IsNotRepeated(int code, int attempts)
    {
        var client = new ScriptedClient();
        client.Failures["CREATE DATABASE"] = new Queue<Exception>([ServerError(code, "failed"), ServerError(code, "failed")]);

        var ex = Assert.ThrowsAsync<ClickHouseServerException>(() => new SchemaDeployer(client, "l", "p", cluster: "ja4", retryDelay: TimeSpan.Zero).DeployAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(code));
            Assert.That(client.Commands, Has.Count.EqualTo(attempts));
        });
    }

    [Test]
    public void ThrowOnDrift_ClusterOverChecksumsOfAnotherLayout_NamesTheClusterSetting()
    {
        var migrations = MigrationCatalog.Embedded;
        var applied = migrations.Take(2).ToDictionary(m => m.Version, m => new AppliedMigration(m.Version, m.ToString(), m.ChecksumFor("old_name")));

        var ex = Assert.Throws<SchemaDriftException>(() => SchemaDeployer.ThrowOnDrift(migrations, applied, "ja4"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.MigrationName, Is.EqualTo("0001_logs_http_logs_raw"));
            Assert.That(ex.CurrentChecksum, Is.EqualTo(migrations[0].ChecksumFor("ja4")));
            Assert.That(ex.Message, Does.Contain("cluster 'ja4'").And.Contain("CLICKHOUSE_CLUSTER"));
        });
        Assert.DoesNotThrow(() => SchemaDeployer.ThrowOnDrift(migrations, applied, "old_name"));
    }

    private static ClickHouseServerException ServerError(int code, string message) => new(code, "DB::Exception", message, string.Empty);
}
