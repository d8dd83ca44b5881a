using System.Diagnostics;
using System.Globalization;
using Ja4Data.Core.Inserts;
using Ja4Data.Facade;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>
/// One client configured with all four nodes, against nodes that die: queries and inserts move to the hosts that are
/// up, a host that comes back is used again, and ingest into a Distributed table over ReplicatedMergeTree loses and
/// duplicates nothing, each batch acknowledged exactly once, while three nodes live.
/// </summary>
[TestFixture]
public sealed class MultiHostFailoverTests : ClusterTestBase
{
    /// <summary>
    /// Longer than the default retry budget bridges (at least 11.2 s of backoff), and than the 20 s the library's
    /// documentation promises to ride out: the ingest must move to other hosts, not wait for the dead one.
    /// </summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(22);

    /// <summary>A batch far above the load's numbers, big enough to be caught while its blocks flow.</summary>
    private const int InFlightBatch = 1_000_000;

    private const int InFlightRows = 200_000;

    private const string InFlightClient = "ja4data-in-flight";

    [TestCase(ClickHouseLoadBalancing.InOrder)]
    [TestCase(ClickHouseLoadBalancing.RoundRobin)]
    public async Task Ingest_FirstHostKilled_ThenAReplicaOfTheOtherShard_EveryAcknowledgedBatchIsStoredOnce_AndNoneFails(ClickHouseLoadBalancing strategy)
    {
        var distributed = await CreateDistributedTableAsync("failover_ingest");
        var local = distributed[..^"_all".Length];
        var dedupBefore = await DuplicatedBlocksAsync();
        await using var client = new ClickHouseClient(MultiHostSettings(strategy));
        using var metrics = MetricsRecorder.ForClient(client);
        var report = new List<string>();
        var load = new IngestLoad(client, distributed, workers: 4, pause: TimeSpan.FromMilliseconds(300));
        Task<(long Written, TimeSpan Took)> inFlight;
        long[] dedupAfterFirstOutage;
        await using (load)
        {
            await load.WaitForMoreAcknowledgedAsync(20, ReplicationTimeout);

            // One big insert of many blocks is on the first host when it dies, its outcome unknown: it must be repeated
            // elsewhere, the blocks the shards already stored dropped, the rest stored.
            await using var bigClient = new ClickHouseClient(
                MultiHostSettings(ClickHouseLoadBalancing.InOrder) with { InsertBlockSize = 5_000, ClientName = InFlightClient });
            using var bigMetrics = MetricsRecorder.ForClient(bigClient);
            inFlight = TimedInsertAsync(bigClient, distributed, IngestLoad.Rows(InFlightBatch, InFlightRows));
            var caught = await InsertRunningAsync(Cluster.Node(1, 1), TimeSpan.FromSeconds(0.2));
            report.Add(await OutageAsync(Cluster.Node(1, 1), client, load));
            var (written, took) = await inFlight;
            Assert.That(written, Is.EqualTo(InFlightRows));
            report.Add(caught
                ? $"a {InFlightRows}-row insert caught in flight on s1r1 was acknowledged {took.TotalMilliseconds:0} ms after it began; "
                    + $"its retries: {bigMetrics.RetriesByKind()}"
                : "the big insert finished before the kill");
            dedupAfterFirstOutage = await DuplicatedBlocksAsync();
            report.Add(await OutageAsync(Cluster.Node(2, 1), client, load));
            await load.WaitForMoreAcknowledgedAsync(Math.Max(20, 110 - load.Acknowledged.Count), ReplicationTimeout);
            await load.StopAsync();
        }

        var acknowledged = load.Acknowledged.Keys.ToList();
        Assert.That(
            load.Failed.Select(f => $"batch {f.Key} at {f.Value.At.TotalSeconds:0.0} s: {f.Value.Error.GetType().Name}: {f.Value.Error.Message}"),
            Is.Empty,
            "no batch may fail while three nodes live");
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(100));

        await WaitUntilClusterRecoversAsync();
        var expected = ((long)acknowledged.Count * IngestLoad.RowsPerBatch) + InFlightRows;
        foreach (var shard in new[] { 1, 2 })
        {
            // Both replicas of a shard end up with the same rows: what one stored, the other fetched.
            var first = await EventuallyCountAsync(() => CountAsync(Cluster.Node(shard, 1), local), await CountAsync(Cluster.Node(shard, 2), local));
            Assert.That(await CountAsync(Cluster.Node(shard, 2), local), Is.EqualTo(first), $"replicas of shard {shard} differ");
        }

        var total = await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), distributed), expected);
        Assert.That(total, Is.EqualTo(expected), total == expected ? string.Empty : await WhatDiffersAsync(local));
        var (rows, ids, batches, incomplete, maxBatch) = await LedgerAsync(Cluster.Node(1, 2), distributed);
        var dedupAfter = await DuplicatedBlocksAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(expected), "every acknowledged row, nothing else");
            Assert.That(ids, Is.EqualTo(expected), "no row stored twice");
            Assert.That(batches, Is.EqualTo(acknowledged.Count + 1), "every acknowledged batch");
            Assert.That(incomplete, Is.Zero, "no batch stored in part");
            Assert.That(maxBatch, Is.EqualTo(acknowledged.Max()), "no batch that was not acknowledged");
        });

        // For the record (never asserted: it depends on where the kills fall).
        var repeated = metrics.SumWhere("ja4data.retries", ("ja4data.operation", "DeduplicatedInsert"), ("error.type", nameof(ClickHouseInsertOutcomeUnknownException)));
        // Per outage, on the nodes that were not killed in it (a killed node counts from zero again after its restart).
        var droppedInFirstOutage = Enumerable.Range(0, 4).Where(i => i != 0).Sum(i => dedupAfterFirstOutage[i] - dedupBefore[i]);
        var droppedInSecondOutage = Enumerable.Range(0, 4).Where(i => i != 2).Sum(i => dedupAfter[i] - dedupAfterFirstOutage[i]);
        report.Add($"{strategy}: {acknowledged.Count} batches of {IngestLoad.RowsPerBatch} rows acknowledged, none failed; "
            + $"{repeated} repeated after an unknown outcome; blocks the shards dropped as duplicates: {droppedInFirstOutage} while s1r1 "
            + $"was down, {droppedInSecondOutage} while s2r1 was; "
            + $"retries: {metrics.RetriesByKind()}; hosts marked down: {metrics.Sum("ja4data.host.marked_down")}");
        await TestContext.Progress.WriteLineAsync(string.Join(Environment.NewLine, report));
    }

    [Test]
    public async Task Query_FirstHostDown_IsAnsweredByTheNextHost_AndTheHostIsUsedAgainOnceItIsBack()
    {
        var settings = MultiHostSettings(ClickHouseLoadBalancing.InOrder);
        await using var client = new ClickHouseClient(settings);
        await using var dataSource = new ClickHouseDataSource(settings);
        var first = Cluster.Node(1, 1);
        var second = Cluster.Node(1, 2);
        Assert.That(await ReplicaAsync(client), Is.EqualTo(first.ReplicaMacro), "in_order: the first host while it is up");

        first.Kill();
        var failover = Stopwatch.StartNew();
        var during = await ReplicaAsync(client);
        failover.Stop();
        string adoHost;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            adoHost = connection.DataSource;
        }

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.EqualTo(second.ReplicaMacro), "the next host in the list answered");
            Assert.That(client.Pool.Hosts[0].IsDown, Is.True);
            Assert.That(adoHost, Is.EqualTo($"127.0.0.1:{second.TcpPort}"), "an ADO.NET open fails over the same way");
        });

        await first.StartAsync();
        var rejoin = Stopwatch.StartNew();
        var after = during;
        while (after != first.ReplicaMacro && rejoin.Elapsed < ReplicationTimeout)
        {
            await Task.Delay(200);
            after = await ReplicaAsync(client);
        }

        Assert.Multiple(() =>
        {
            Assert.That(after, Is.EqualTo(first.ReplicaMacro), "the first host is used again once it answers");
            Assert.That(client.Pool.Hosts[0].IsDown, Is.False);
        });
        await TestContext.Progress.WriteLineAsync(
            $"query with the first host dead answered in {failover.ElapsedMilliseconds} ms by {during}; "
            + $"the first host served queries again {rejoin.ElapsedMilliseconds} ms after its restart completed");
    }

    [Test]
    public async Task InsertTargetLookup_DistributedOverReplicatedWithDefaultNow_RepeatableOnlyWhenTheInsertSendsThatColumn()
    {
        var local = UniqueTable("default_now");
        await ExecuteAsync(
            Cluster.Nodes[0],
            $"CREATE TABLE {local} ON CLUSTER {Cluster.Name} (id UInt64, ja4 String, ingested_at DateTime DEFAULT now(), day Date DEFAULT toDate(ingested_at)) "
            + $"ENGINE = ReplicatedMergeTree('/clickhouse/tables/{{shard}}/default/{local}', '{{replica}}') ORDER BY id",
            $"CREATE TABLE {local}_all ON CLUSTER {Cluster.Name} AS {local} ENGINE = Distributed({Cluster.Name}, default, {local}, cityHash64(ja4))");
        await using var connection = await OpenAsync(Cluster.Nodes[0]);

        var target = await InsertTargetLookup.GetAsync(connection, new InsertTargetCache(TimeProvider.System), $"{local}_all", async: true, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(target.Deduplicates, Is.True, target.Description);
            // Both tables' ingested_at (the Distributed table has the columns of the one it was made AS); toDate(...) of
            // a column is no call of its own that differs between attempts.
            Assert.That(target.VolatileColumns.Select(c => (c.Name, c.Kind, c.Expression)).Distinct(), Is.EqualTo(new[] { ("ingested_at", "DEFAULT", "now()") }));
            Assert.That(target.WhyNotRepeatable(null), Is.Null, "all columns sent: the repeat is the same block");
            Assert.That(target.WhyNotRepeatable(["id", "ja4", "ingested_at"]), Is.Null);
            Assert.That(target.WhyNotRepeatable(["id", "ja4"]), Does.Contain("leaves column ingested_at to the server (DEFAULT now())"));
        });
    }

    /// <summary>All four nodes, in shard order; a dead host is re-probed every second.</summary>
    private static ClickHouseSettings MultiHostSettings(ClickHouseLoadBalancing strategy) => EndpointSettings.For(Cluster.Nodes[0].Endpoint) with
    {
        Host = Cluster.HostList,
        LoadBalancing = strategy,
        HostRecheckInterval = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(2),
        RetryBaseDelay = TimeSpan.FromSeconds(0.2),
    };

    /// <summary>
    /// Creates <c>{prefix}_..._all</c>, a Distributed table sharded by <c>cityHash64(ja4)</c> over a ReplicatedMergeTree
    /// table of the columns <see cref="IngestLoad"/> writes; returns the Distributed table's name.
    /// </summary>
    private static async Task<string> CreateDistributedTableAsync(string prefix)
    {
        var local = UniqueTable(prefix);
        await ExecuteAsync(
            Cluster.Nodes[0],
            $"CREATE TABLE {local} ON CLUSTER {Cluster.Name} (id UInt64, batch UInt32, ja4 String) "
            + $"ENGINE = ReplicatedMergeTree('/clickhouse/tables/{{shard}}/default/{local}', '{{replica}}') ORDER BY id "
            // Every batch makes a part per shard; parts merged away are deleted after 10 s rather than 8 minutes, so
            // the cluster's directory stays small and its deletion at the end quick.
            + "SETTINGS old_parts_lifetime = 10",
            $"CREATE TABLE {local}_all ON CLUSTER {Cluster.Name} AS {local} ENGINE = Distributed({Cluster.Name}, default, {local}, cityHash64(ja4))");
        return local + "_all";
    }

    /// <summary>
    /// Kills <paramref name="node"/> for <see cref="Outage"/> while the load runs, starts it again and waits until the
    /// client uses it again; returns what happened, in words.
    /// </summary>
    private static async Task<string> OutageAsync(LocalServer.LocalClusterNode node, ClickHouseClient client, IngestLoad load)
    {
        var host = client.Pool.Hosts[Cluster.Nodes.ToList().IndexOf(node)];
        var killedAt = load.Now;
        node.Kill();
        var noticed = await WithinAsync(() => host.IsDown, TimeSpan.FromSeconds(5));
        await Task.Delay(Outage);
        var downUntil = load.Now;
        await node.StartAsync();
        var restarted = load.Now;
        var rejoined = await WithinAsync(() => !host.IsDown, ReplicationTimeout);
        Assert.That(host.IsDown, Is.False, $"{node.ReplicaMacro} was not used again after its restart");
        var during = load.AcknowledgedBetween(killedAt, downUntil);
        var slowest = during.Select(d => d.Latency.TotalMilliseconds).DefaultIfEmpty().Max();
        var marked = noticed is { } n
            ? FormattableString.Invariant($"the client marked it down {n.TotalMilliseconds:0} ms after the kill")
            : "the client did not lease there meanwhile";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{node.ReplicaMacro} killed for {(downUntil - killedAt).TotalSeconds:0.0} s: {during.Count} batches acknowledged meanwhile, slowest {slowest:0} ms; {marked}, restart took {(restarted - downUntil).TotalSeconds:0.0} s, and the client had it back {rejoined?.TotalMilliseconds ?? -1:0} ms later");
    }

    /// <summary>For a failure message: per node, the batches with rows stored twice, and the parts holding them.</summary>
    private static async Task<string> WhatDiffersAsync(string local)
    {
        var text = new System.Text.StringBuilder();
        foreach (var node in Cluster.Nodes)
        {
            await using var connection = await OpenAsync(node);
            await using var command = new ClickHouseCommand(
                $"SELECT batch, count() - uniqExact(id) AS extra, groupUniqArray(_part) FROM {local} GROUP BY batch "
                + "HAVING extra > 0 ORDER BY batch LIMIT 12",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}{node.ReplicaMacro}:");
            while (await reader.ReadAsync())
            {
                text.Append(CultureInfo.InvariantCulture, $" batch {reader.GetValue(0)}: {reader.GetValue(1)} extra rows in {string.Join('/', (string[])reader.GetValue(2))};");
            }
        }

        return text.ToString();
    }

    private static async Task<(long Written, TimeSpan Took)> TimedInsertAsync(ClickHouseClient client, string table, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        var watch = Stopwatch.StartNew();
        var written = await client.InsertAsync(table, rows);
        return (written, watch.Elapsed);
    }

    /// <summary>Waits (bounded) until the in-flight client's insert has run for <paramref name="running"/> on <paramref name="node"/>.</summary>
    private static async Task<bool> InsertRunningAsync(LocalServer.LocalClusterNode node, TimeSpan running)
    {
        var sql = string.Create(
            CultureInfo.InvariantCulture,
            $"SELECT count() FROM system.processes WHERE client_name = '{InFlightClient}' AND elapsed >= {running.TotalSeconds}");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await ScalarAsync(node, sql) > 0)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    private static async Task<TimeSpan?> WithinAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(20);
        }

        return watch.Elapsed;
    }

    private static async Task<string> ReplicaAsync(ClickHouseClient client) =>
        (string)(await client.QueryAsync("SELECT substitution FROM system.macros WHERE macro = 'replica'")).ResultRows[0][0]!;

    /// <summary>
    /// Rows, distinct ids, distinct batches, load batches not stored whole (the in-flight batch has its own size), and
    /// the highest load batch, read through <paramref name="table"/>.
    /// </summary>
    private static async Task<(long Rows, long Ids, long Batches, long Incomplete, long MaxBatch)> LedgerAsync(LocalServer.LocalClusterNode node, string table)
    {
        var incomplete = await ScalarAsync(
            node,
            $"SELECT count() FROM (SELECT batch, count() AS n FROM {table} GROUP BY batch "
            + $"HAVING n != if(batch = {InFlightBatch}, {InFlightRows}, {IngestLoad.RowsPerBatch}))");
        return (
            await ScalarAsync(node, $"SELECT count() FROM {table}"),
            await ScalarAsync(node, $"SELECT uniqExact(id) FROM {table}"),
            await ScalarAsync(node, $"SELECT uniqExact(batch) FROM {table}"),
            incomplete,
            await ScalarAsync(node, $"SELECT max(batch) FROM {table} WHERE batch != {InFlightBatch}"));
    }

    /// <summary>Each node's DuplicatedInsertedBlocks event: blocks a replicated table dropped as already stored (reset by a restart).</summary>
    private static async Task<long[]> DuplicatedBlocksAsync()
    {
        var counts = new long[Cluster.Nodes.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = await ScalarAsync(Cluster.Nodes[i], "SELECT sum(value) FROM system.events WHERE event = 'DuplicatedInsertedBlocks'");
        }

        return counts;
    }
}
