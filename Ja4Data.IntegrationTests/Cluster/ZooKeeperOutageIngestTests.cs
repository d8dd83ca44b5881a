using System.Diagnostics;
using System.Globalization;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>
/// Ingest through all four hosts while ZooKeeper is stopped: replicated tables turn read-only, inserts fail with an
/// error that says so, no repeat stores anything twice, ingest resumes by itself once ZooKeeper is back, and a batch
/// that failed can simply be sent again (the shards keep one copy).
/// </summary>
[TestFixture]
public sealed class ZooKeeperOutageIngestTests : ClusterTestBase
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Ingest_ZooKeeperStopped_InsertsFailAsReadOnly_NothingIsDuplicated_AndIngestRecovers()
    {
        var local = UniqueTable("zk_outage");
        var distributed = local + "_all";
        await ExecuteAsync(
            Cluster.Nodes[0],
            $"CREATE TABLE {local} ON CLUSTER {Cluster.Name} (id UInt64, batch UInt32, ja4 String) "
            + $"ENGINE = ReplicatedMergeTree('/clickhouse/tables/{{shard}}/default/{local}', '{{replica}}') ORDER BY id "
            // Every batch makes a part per shard; parts merged away are deleted after 10 s rather than 8 minutes, so
            // the cluster's directory stays small and its deletion at the end quick.
            + "SETTINGS old_parts_lifetime = 10",
            $"CREATE TABLE {distributed} ON CLUSTER {Cluster.Name} AS {local} ENGINE = Distributed({Cluster.Name}, default, {local}, cityHash64(ja4))");
        var settings = EndpointSettings.For(Cluster.Nodes[0].Endpoint) with
        {
            Host = Cluster.HostList,
            HostRecheckInterval = TimeSpan.FromSeconds(1),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            RetryBaseDelay = TimeSpan.FromSeconds(0.2),
        };
        await using var client = new ClickHouseClient(settings);
        using var metrics = MetricsRecorder.ForClient(client);
        var load = new IngestLoad(client, distributed, workers: 2, pause: TimeSpan.FromMilliseconds(100));
        TimeSpan stoppedAt, startedAt, recoveredAt;
        await using (load)
        {
            await load.WaitForMoreAcknowledgedAsync(10, ReplicationTimeout);
            stoppedAt = load.Now;
            await Cluster.ZooKeeper.StopAsync();
            await Task.Delay(Outage);
            await Cluster.ZooKeeper.StartAsync();
            startedAt = load.Now;
            var recovery = Stopwatch.StartNew();
            while (!load.AcknowledgedBetween(startedAt, TimeSpan.MaxValue).Any() && recovery.Elapsed < ReplicationTimeout)
            {
                await Task.Delay(100);
            }

            recoveredAt = load.AcknowledgedBetween(startedAt, TimeSpan.MaxValue).Select(a => a.Started + a.Latency).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            await load.WaitForMoreAcknowledgedAsync(10, ReplicationTimeout);
            await load.StopAsync();
        }

        var failures = load.Failed.ToDictionary(f => f.Key, f => f.Value.Error);
        var failureText = string.Join(Environment.NewLine, failures.Select(f => $"batch {f.Key}: {f.Value.GetType().Name}: {f.Value.Message}"));
        Assert.Multiple(() =>
        {
            Assert.That(recoveredAt, Is.LessThan(TimeSpan.MaxValue), "ingest did not recover after ZooKeeper came back");
            Assert.That(failures, Is.Not.Empty, "a 20 s outage is longer than one call's retries");
            Assert.That(failures.Values, Has.All.InstanceOf<ClickHouseServerException>().Or.InstanceOf<ClickHouseInsertOutcomeUnknownException>(), failureText);
            foreach (var (batch, error) in failures)
            {
                // The cause, on this node or relayed from a shard: the replicated table has no ZooKeeper session.
                Assert.That(error.Message, Does.Contain("TABLE_IS_READ_ONLY").Or.Contain("readonly mode").Or.Contain("NO_ZOOKEEPER").Or.Contain("ZooKeeper"), $"batch {batch}: {error}");
            }

            Assert.That(load.Acknowledged.Keys.Intersect(failures.Keys), Is.Empty);
        });

        // Nothing was stored twice, and every acknowledged batch is whole; a failed batch may be stored in part (some
        // shards took their rows before the outage began), never twice.
        await WaitUntilClusterRecoversAsync();
        var acknowledgedRows = (long)load.Acknowledged.Count * IngestLoad.RowsPerBatch;
        var ackedList = string.Join(',', load.Acknowledged.Keys);
        Assert.That(
            await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), distributed, $"batch IN ({ackedList})"), acknowledgedRows),
            Is.EqualTo(acknowledgedRows));
        var storedOfFailed = await ScalarAsync(Cluster.Node(1, 2), $"SELECT count() FROM {distributed} WHERE batch NOT IN ({ackedList})");
        Assert.That(await ScalarAsync(Cluster.Node(1, 2), $"SELECT count() - uniqExact(id) FROM {distributed}"), Is.Zero, "a row stored twice");

        // A failed batch is sent again as it is: the shards that stored their part keep one copy, the others take theirs.
        var resend = Stopwatch.StartNew();
        foreach (var batch in failures.Keys)
        {
            await client.InsertAsync(distributed, IngestLoad.Rows(batch));
        }

        resend.Stop();
        var expected = (long)(load.Acknowledged.Count + failures.Count) * IngestLoad.RowsPerBatch;
        Assert.That(await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), distributed), expected), Is.EqualTo(expected));
        Assert.Multiple(async () =>
        {
            Assert.That(await ScalarAsync(Cluster.Node(1, 2), $"SELECT uniqExact(id) FROM {distributed}"), Is.EqualTo(expected));
            Assert.That(
                await ScalarAsync(Cluster.Node(1, 2), $"SELECT count() FROM (SELECT batch FROM {distributed} GROUP BY batch HAVING count() != {IngestLoad.RowsPerBatch})"),
                Is.Zero);
        });

        var kinds = failures.Values.GroupBy(e => e is ClickHouseInsertOutcomeUnknownException ? "outcome unknown" : ((ClickHouseServerException)e).ErrorName ?? "?");
        await TestContext.Progress.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"ZooKeeper down {(startedAt - stoppedAt).TotalSeconds:0.0} s: {failures.Count} batches failed ({string.Join(", ", kinds.Select(k => $"{k.Count()} {k.Key}"))}), "
            + $"{storedOfFailed} of their rows were stored before the outage; ingest recovered {(recoveredAt - startedAt).TotalSeconds:0.0} s after ZooKeeper's restart; "
            + $"{load.Acknowledged.Count} batches acknowledged; the failed ones re-sent in {resend.ElapsedMilliseconds} ms, each stored once; retries: {metrics.RetriesByKind()}"));
        await TestContext.Progress.WriteLineAsync($"first failure: {failures.Values.FirstOrDefault()?.Message}");
    }
}
