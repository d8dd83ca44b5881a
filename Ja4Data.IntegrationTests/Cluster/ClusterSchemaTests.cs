using System.Globalization;
using Ja4Data.LocalServer;
using Ja4Data.Schema;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>
/// The ja4 schema deployed ON CLUSTER on the shared 2x2 cluster, under database names unique to this fixture (and to
/// the drift test), through the public deployer with <see cref="ClickHouseSettings.Cluster"/> set.
/// </summary>
[TestFixture]
public sealed class ClusterSchemaTests : ClusterTestBase
{
    private const string Ja4A = "t13d1516h2_8daaf6152771_e5627efa2ab1";
    private const string Ja4B = "t13d1715h2_5b57614c22b0_3d5424432f57";

    private static readonly string[] LogsObjects =
    [
        "http_logs Distributed", "http_logs_local ReplicatedMergeTree", "http_logs_raw Distributed",
        "http_logs_raw_local ReplicatedMergeTree", "mv_http_logs MaterializedView",
    ];

    private static readonly string[] ProcessingObjects =
    [
        "audit_logs Distributed", "audit_logs_local ReplicatedMergeTree", "ja4_hourly Distributed",
        "ja4_hourly_local ReplicatedAggregatingMergeTree", "ja4_ip_daily Distributed", "ja4_ip_daily_local ReplicatedSummingMergeTree",
        "known_fingerprints Distributed", "known_fingerprints_local ReplicatedReplacingMergeTree", "ml_detected_anomalies Distributed",
        "ml_detected_anomalies_local ReplicatedMergeTree", "mv_ja4_hourly MaterializedView", "mv_ja4_ip_daily MaterializedView",
        "schema_migrations ReplicatedReplacingMergeTree", "v_ja4_hourly View", "v_known_fingerprints View", "v_recent_anomalies View",
        "v_top_fingerprints_24h View",
    ];

    // Above the server's distributed_ddl_task_timeout (180 s), so a slow ON CLUSTER statement fails with the server's
    // own message naming the unfinished hosts rather than with a client timeout.
    private static readonly TimeSpan DdlTimeout = TimeSpan.FromSeconds(240);

    private string _logs = null!;
    private string _processing = null!;
    private SchemaDeployResult _deployed = null!;

    [OneTimeSetUp]
    public async Task DeployOnceAsync()
    {
        (_logs, _processing) = UniqueDatabases();
        _deployed = await DeployAsync(Cluster.Node(1, 1), _logs, _processing);
    }

    [OneTimeTearDown]
    public Task DropDatabasesAsync() => DropAsync(_logs, _processing);

    [Test]
    public async Task DeployAsync_OnClusterWithOverriddenNames_EveryNodeHasReplicatedLocalTablesAndDistributedTables()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_deployed.Cluster, Is.EqualTo(Cluster.Name));
            Assert.That(_deployed.Outcomes.Where(o => o.Status == MigrationStatus.Applied).Select(o => o.Migration.Version), Is.EqualTo(Enumerable.Range(1, 9)));
            Assert.That(_deployed.Outcomes.Where(o => o.Status == MigrationStatus.Skipped).Select(o => o.Migration.Version), Is.EqualTo((int[])[10, 11, 12]));
        });
        foreach (var node in Cluster.Nodes)
        {
            var replicas = await RowsAsync(node, $"SELECT table, zookeeper_path, replica_name, toString(total_replicas) FROM system.replicas WHERE database IN ('{_logs}', '{_processing}') ORDER BY table");
            var expectedReplicas = LogsObjects.Select(o => (Database: _logs, Object: o)).Concat(ProcessingObjects.Select(o => (Database: _processing, Object: o)))
                .Select(o => o.Object.Split(' ')[0])
                .Where(t => t.EndsWith("_local", StringComparison.Ordinal))
                .Select(t => $"{t} /clickhouse/tables/{node.ShardMacro}/{(t.StartsWith("http_logs", StringComparison.Ordinal) ? _logs : _processing)}/{t} {node.ReplicaMacro} 2")
                .Append($"schema_migrations /clickhouse/ja4data/{Cluster.Name}/{_processing}/schema_migrations {node.ShardMacro}-{node.ReplicaMacro} 4")
                .Order(StringComparer.Ordinal);
            var rawEngine = await RowsAsync(node, $"SELECT engine_full FROM system.tables WHERE database = '{_logs}' AND name = 'http_logs_raw'");
            var underDefaults = await RowsAsync(node, "SELECT name FROM system.databases WHERE name IN ('ja4_logs', 'ja4_processing')");
            await Assert.MultipleAsync(async () =>
            {
                Assert.That(await ObjectsAsync(node, _logs), Is.EqualTo(LogsObjects), $"{_logs} on {node}");
                Assert.That(await ObjectsAsync(node, _processing), Is.EqualTo(ProcessingObjects), $"{_processing} on {node}");
                Assert.That(replicas, Is.EqualTo(expectedReplicas), $"replicas on {node}");
                Assert.That(rawEngine.Single(), Is.EqualTo($"Distributed({Cluster.Name}, {_logs}, http_logs_raw_local, cityHash64(visitParamExtractString(raw, 'src_ip')))"));
                Assert.That(underDefaults, Is.Empty, $"default database names on {node}");
            });
        }
    }

    [Test]
    public async Task DeployAsync_SecondTimeThroughANodeOfTheOtherShard_ChangesNothingOnAnyNode()
    {
        var before = await SnapshotAsync();

        var second = await DeployAsync(Cluster.Node(2, 2), _logs, _processing);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(second.Statements, Is.Empty);
            Assert.That(second.Outcomes.Select(o => o.Status), Is.All.AnyOf(MigrationStatus.AlreadyApplied, MigrationStatus.Skipped));
            Assert.That(second.Outcomes.Count(o => o.Status == MigrationStatus.AlreadyApplied), Is.EqualTo(9));
            Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task RawLines_ThroughTheDistributedTableAndIntoANodesLocalTable_ArriveParsedOnTheirShardAndVisibleFromEveryNode()
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // 40 lines from 8 addresses through the Distributed raw table on shard 1, 10 lines from 3 other addresses
        // straight into the local raw table of a shard-2 replica (they stay on shard 2 whatever their hash).
        var throughDistributed = Enumerable.Range(0, 40).Select(i => Line(nowMs, $"10.0.{i % 8}.1", i % 2 == 0 ? Ja4A : Ja4B, i % 5 == 0 ? 503 : 200, 100 + i)).ToList();
        var intoLocal = Enumerable.Range(0, 10).Select(i => Line(nowMs, $"192.0.2.{i % 3}", Ja4A, 200, 1000)).ToList();
        await InsertAsync(Cluster.Node(1, 1), ClickHouseIdentifier.Qualify(_logs, "http_logs_raw"), throughDistributed);
        await InsertAsync(Cluster.Node(2, 2), ClickHouseIdentifier.Qualify(_logs, "http_logs_raw_local"), intoLocal);
        await InsertAsync(Cluster.Node(2, 1), ClickHouseIdentifier.Qualify(_processing, "known_fingerprints"), [[Ja4A, "curl", "tool", (byte)1]], ["ja4", "label", "category", "threat_level"]);

        // The Distributed table routes a row to shard (cityHash64(src_ip) % 2) + 1.
        var shardOf = new Dictionary<string, int>();
        foreach (var ip in Enumerable.Range(0, 8).Select(i => $"10.0.{i}.1"))
        {
            shardOf[ip] = (int)await ScalarAsync(Cluster.Node(1, 1), $"SELECT cityHash64('{ip}') % 2 + 1");
        }

        long[] perShard = [throughDistributed.Count(l => shardOf[l.Ip] == 1), throughDistributed.Count(l => shardOf[l.Ip] == 2) + intoLocal.Count];
        Assert.That(perShard, Has.All.GreaterThan(0), "the addresses hardly spread");
        var addressesByShard = new Dictionary<int, HashSet<string>> { [1] = [], [2] = [] };
        foreach (var node in Cluster.Nodes)
        {
            var local = $"`{_logs}`.http_logs_local";
            Assert.That(await EventuallyCountAsync(() => CountAsync(node, local), perShard[node.Shard - 1]), Is.EqualTo(perShard[node.Shard - 1]), $"{local} on {node}");
            Assert.That(await CountAsync(node, local, $"src_ip LIKE '10.%' AND cityHash64(src_ip) % 2 != {node.Shard - 1}"), Is.Zero, $"rows of the other shard on {node}");
            addressesByShard[node.Shard].UnionWith(await RowsAsync(node, $"SELECT DISTINCT src_ip FROM {local}"));
        }

        Assert.That(addressesByShard[1].Intersect(addressesByShard[2]), Is.Empty, "an address on both shards");
        var total = throughDistributed.Count + intoLocal.Count;
        var errors = throughDistributed.Count(l => l.Status >= 400);
        foreach (var node in Cluster.Nodes)
        {
            // Reads go to one replica of each shard, which may still be fetching parts of the aggregates or the label.
            await EventuallyCountAsync(() => ScalarAsync(node, $"SELECT sum(requests) FROM `{_processing}`.v_ja4_hourly"), total);
            await EventuallyCountAsync(() => ScalarAsync(node, $"SELECT sum(requests) FROM `{_processing}`.ja4_ip_daily"), total);
            await EventuallyCountAsync(() => CountAsync(node, $"`{_processing}`.known_fingerprints"), 1);
            await Assert.MultipleAsync(async () =>
            {
                Assert.That(
                    await RowsAsync(node, $"SELECT toString(count()), toString(uniqExact(src_ip)), toString(sum(bytes)), toString(countIf(status = 503)), toString(min(timestamp) = toDateTime(intDiv({nowMs}, 1000))) FROM `{_logs}`.http_logs"),
                    Is.EqualTo((string[])[$"{total} 11 {throughDistributed.Sum(l => l.Bytes) + intoLocal.Sum(l => l.Bytes)} {errors} 1"]),
                    $"http_logs read on {node}");
                Assert.That(
                    await RowsAsync(node, $"SELECT toString(sum(requests)), toString(sum(errors)) FROM `{_processing}`.v_ja4_hourly"),
                    Is.EqualTo((string[])[$"{total} {errors}"]),
                    $"v_ja4_hourly on {node}");
                Assert.That(
                    await ScalarAsync(node, $"SELECT sum(requests) FROM `{_processing}`.ja4_ip_daily"),
                    Is.EqualTo(total),
                    $"ja4_ip_daily on {node}");
                Assert.That(
                    await RowsAsync(node, $"SELECT ja4, toString(requests), label FROM `{_processing}`.v_top_fingerprints_24h ORDER BY ja4"),
                    Is.EqualTo((string[])[$"{Ja4A} {20 + intoLocal.Count} curl", $"{Ja4B} 20 "]),
                    $"v_top_fingerprints_24h on {node}");
            });
        }
    }

    [Test]
    public async Task DeployAsync_HistoryTamperedOnOneNode_ReportsDriftThroughEveryOtherNodeAndRunsNothing()
    {
        var (logs, processing) = UniqueDatabases();
        var migrations = MigrationCatalog.Embedded.Take(3).ToList();
        try
        {
            await DeployAsync(Cluster.Node(1, 1), logs, processing, migrations);
            var original = migrations[1];
            await ExecuteAsync(
                Cluster.Node(2, 2),
                $"INSERT INTO `{processing}`.schema_migrations (version, name, checksum, applied_at) SELECT 2, '{original}', 'edited on s2r2', now() + 3600");
            var lastDdlTask = await LastDdlTaskAsync();

            foreach (var node in Cluster.Nodes.Where(n => n != Cluster.Node(2, 2)))
            {
                var ex = Assert.ThrowsAsync<SchemaDriftException>(() => DeployAsync(node, logs, processing, migrations), $"through {node}");
                Assert.Multiple(() =>
                {
                    Assert.That(ex!.MigrationName, Is.EqualTo(original.ToString()));
                    Assert.That(ex.StoredChecksum, Is.EqualTo("edited on s2r2"));
                    Assert.That(ex.CurrentChecksum, Is.EqualTo(original.ChecksumFor(Cluster.Name)));
                });
            }

            Assert.That(await LastDdlTaskAsync(), Is.EqualTo(lastDdlTask), "a statement went ON CLUSTER");
        }
        finally
        {
            await DropAsync(logs, processing);
        }
    }

    private static (string Logs, string Processing) UniqueDatabases()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return ("cl_logs_" + suffix, "cl_proc_" + suffix);
    }

    private static async Task<SchemaDeployResult> DeployAsync(LocalClusterNode node, string logs, string processing, IReadOnlyList<Migration>? migrations = null)
    {
        var settings = Settings(node) with { DbLogs = logs, DbProcessing = processing, Cluster = Cluster.Name, CommandTimeout = DdlTimeout, RetryTimeout = DdlTimeout };
        await using var client = new ClickHouseClient(settings);
        return migrations is null
            ? await new SchemaDeployer(client, settings).DeployAsync()
            : await new SchemaDeployer(client, logs, processing, migrations, cluster: Cluster.Name).DeployAsync();
    }

    private static Task DropAsync(string logs, string processing) => ExecuteAsync(
        Cluster.Node(1, 1),
        $"DROP DATABASE IF EXISTS `{processing}` ON CLUSTER `{Cluster.Name}`",
        $"DROP DATABASE IF EXISTS `{logs}` ON CLUSTER `{Cluster.Name}`");

    private static async Task InsertAsync(LocalClusterNode node, string table, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<string> columns)
    {
        await using var connection = await OpenAsync(node);
        await connection.InsertAsync(table, rows, columns);
    }

    private static Task InsertAsync(LocalClusterNode node, string table, IEnumerable<RawLine> lines) =>
        InsertAsync(node, table, lines.Select(l => (IReadOnlyList<object?>)[l.Json]), ["raw"]);

    private static RawLine Line(long ts, string ip, string ja4, int status, int bytes) => new(
        FormattableString.Invariant($$"""{"ts":{{ts}},"src_ip":"{{ip}}","host":"example.com","method":"GET","path":"/","status":{{status}},"ja4":"{{ja4}}","bytes":{{bytes}},"latency_ms":1.5}"""),
        ip,
        status,
        bytes);

    private static Task<string[]> ObjectsAsync(LocalClusterNode node, string database) =>
        RowsAsync(node, $"SELECT concat(name, ' ', engine) FROM system.tables WHERE database = '{database}' ORDER BY name");

    /// <summary>Every ja4 object on every node with its metadata time: what a deployment that changes nothing leaves alone.</summary>
    private async Task<string[]> SnapshotAsync()
    {
        var rows = new List<string>();
        foreach (var node in Cluster.Nodes)
        {
            rows.AddRange(await RowsAsync(
                node,
                $"SELECT concat('{node.ReplicaMacro} ', database, '.', name, ' ', engine_full, ' ', toString(metadata_modification_time)) FROM system.tables WHERE database IN ('{_logs}', '{_processing}') ORDER BY database, name"));
        }

        rows.Add(await LastDdlTaskAsync());
        return [.. rows];
    }

    /// <summary>The newest entry of the distributed DDL queue: every ON CLUSTER statement adds one.</summary>
    private static async Task<string> LastDdlTaskAsync() =>
        (await RowsAsync(Cluster.Node(1, 1), "SELECT max(name) FROM system.zookeeper WHERE path = '/clickhouse/task_queue/ddl'")).Single();

    /// <summary>Each row's columns joined by a space.</summary>
    private static async Task<string[]> RowsAsync(LocalClusterNode node, string sql)
    {
        await using var connection = await OpenAsync(node);
        await using var command = new ClickHouseCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return [.. rows];
    }

    private sealed record RawLine(string Json, string Ip, int Status, int Bytes);
}
