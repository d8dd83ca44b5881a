using System.Diagnostics;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>A replica that crashes and comes back, and ZooKeeper going away: what replicated tables do.</summary>
[TestFixture]
public sealed class ClusterFaultTests : ClusterTestBase
{
    /// <summary>TABLE_IS_READ_ONLY: a replicated table without a ZooKeeper session refuses writes.</summary>
    private const int TableIsReadOnly = 242;

    [Test]
    public async Task KilledReplica_StartedAgain_RejoinsAndCatchesUpOnWhatItMissed()
    {
        var table = UniqueTable("cluster_rejoin");
        await CreateReplicatedTableAsync(table);
        var survivor = Cluster.Node(2, 1);
        var victim = Cluster.Node(2, 2);
        await using (var connection = await OpenAsync(survivor))
        {
            await connection.InsertAsync(table, Rows(0, 100));
        }

        Assert.That(await EventuallyCountAsync(() => CountAsync(victim, table), 100), Is.EqualTo(100));
        var (port, dataDirectory, pid) = (victim.TcpPort, victim.DataDirectory, victim.ProcessId);

        victim.Kill();
        Assert.That(victim.IsRunning, Is.False);
        await using (var connection = await OpenAsync(survivor))
        {
            // No quorum is asked for, so the shard keeps taking writes with one replica down.
            await connection.InsertAsync(table, Rows(100, 150));
        }

        var rejoin = Stopwatch.StartNew();
        await victim.StartAsync();
        Assert.Multiple(() =>
        {
            Assert.That(victim.ProcessId, Is.Not.EqualTo(pid));
            Assert.That(victim.TcpPort, Is.EqualTo(port));
            Assert.That(victim.DataDirectory, Is.EqualTo(dataDirectory));
        });

        // Its own parts survived the crash (same data directory), the missed ones arrive by replication.
        Assert.That(await EventuallyCountAsync(() => CountAsync(victim, table), 250), Is.EqualTo(250));
        await TestContext.Progress.WriteLineAsync($"{victim.ReplicaMacro} caught up {rejoin.ElapsedMilliseconds} ms after its restart began");

        // And it takes writes again, which replicate back.
        Assert.That(
            await EventuallyCountAsync(() => CountAsync(victim, "system.replicas", $"table = '{table}' AND is_readonly = 0 AND is_session_expired = 0"), 1),
            Is.EqualTo(1));
        await using (var connection = await OpenAsync(victim))
        {
            await connection.InsertAsync(table, Rows(250, 10));
        }

        Assert.That(await EventuallyCountAsync(() => CountAsync(survivor, table), 260), Is.EqualTo(260));
    }

    [Test]
    public async Task ZooKeeperStopped_ReplicatedInsert_FailsWithTableReadOnly_AndWorksAgainAfterItsRestart()
    {
        var table = UniqueTable("cluster_nozk");
        await CreateReplicatedTableAsync(table);
        var node = Cluster.Node(1, 1);
        await using (var connection = await OpenAsync(node))
        {
            await connection.InsertAsync(table, Rows(0, 10));
        }

        await Cluster.ZooKeeper.StopAsync();
        Assert.That(Cluster.ZooKeeper.IsRunning, Is.False);

        // The first insert after the loss fails on the session itself (NO_ZOOKEEPER), after its data block was sent,
        // so the client cannot know the outcome; within the session check period (1 s on these nodes) the table turns
        // read-only and refuses the next insert before any data is sent. No insert may succeed meanwhile.
        var failures = new List<ClickHouseServerException>();
        var deadline = DateTime.UtcNow + ReplicationTimeout;
        while (failures.LastOrDefault()?.ErrorCode != TableIsReadOnly && DateTime.UtcNow < deadline)
        {
            await using var connection = await OpenAsync(node);
            var ex = Assert.CatchAsync<ClickHouseException>(() => connection.InsertAsync(table, Rows(10, 10)));
            failures.Add(ServerCause(ex!));
            await Task.Delay(100);
        }

        var readOnly = failures.Last();
        Assert.Multiple(() =>
        {
            Assert.That(readOnly.ErrorCode, Is.EqualTo(TableIsReadOnly), readOnly.Message);
            Assert.That(readOnly.ErrorName, Is.EqualTo("TABLE_IS_READ_ONLY"));
            Assert.That(readOnly.ServerMessage, Does.Contain("readonly mode"));
            Assert.That(failures.Select(f => f.ErrorName), Is.SubsetOf((string[])["NO_ZOOKEEPER", "KEEPER_EXCEPTION", "TABLE_IS_READ_ONLY"]));
        });
        await TestContext.Progress.WriteLineAsync(
            $"without ZooKeeper, inserts failed with: {string.Join(", ", failures.Select(f => f.ErrorName))}");

        // What is stored can still be read.
        Assert.That(await CountAsync(node, table), Is.EqualTo(10));

        var recovery = Stopwatch.StartNew();
        await Cluster.ZooKeeper.StartAsync();
        await WaitUntilClusterRecoversAsync();
        await TestContext.Progress.WriteLineAsync($"replicated tables and the DDL queue work again {recovery.ElapsedMilliseconds} ms after ZooKeeper's restart began");

        await using (var connection = await OpenAsync(node))
        {
            await connection.InsertAsync(table, Rows(10, 10));
        }

        // Nothing of the failed attempts was stored: exactly the two good batches, on both replicas.
        Assert.That(await CountAsync(node, table), Is.EqualTo(20));
        Assert.That(await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), table), 20), Is.EqualTo(20));
    }

    /// <summary>The server's error behind a failed insert: the exception itself, or what made its outcome unknown.</summary>
    private static ClickHouseServerException ServerCause(ClickHouseException exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is ClickHouseServerException server)
            {
                return server;
            }
        }

        throw new AssertionException($"the insert failed without a server error (the node should stay reachable): {exception}");
    }
}
