using NUnit.Framework;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>A Distributed table over replicated local tables, sharded by a deterministic key.</summary>
[TestFixture]
public sealed class DistributedTableTests : ClusterTestBase
{
    private const int RowCount = 1000;

    [Test]
    public async Task InsertIntoDistributed_ByCityHashKey_SpreadsRowsOverBothShardsByTheKey()
    {
        var local = UniqueTable("cluster_local");
        var distributed = local + "_all";
        await CreateReplicatedTableAsync(local);
        await ExecuteAsync(
            Cluster.Nodes[0],
            $"CREATE TABLE {distributed} ON CLUSTER {Cluster.Name} AS {local} "
            + $"ENGINE = Distributed({Cluster.Name}, default, {local}, cityHash64(ja4))");

        // Synchronous: the insert returns once each shard has its rows, instead of queueing them on the initiator.
        await ExecuteAsync(
            Cluster.Node(1, 1),
            "SET insert_distributed_sync = 1",
            $"INSERT INTO {distributed} SELECT number, concat('t13d', toString(number)) FROM numbers({RowCount})");

        // Two shards of weight 1: a row goes to shard (key % 2) + 1.
        var evenKeys = await ScalarAsync(
            Cluster.Node(1, 1),
            $"SELECT countIf(cityHash64(concat('t13d', toString(number))) % 2 = 0) FROM numbers({RowCount})");
        var shard1 = await CountAsync(Cluster.Node(1, 1), local);
        var shard2 = await CountAsync(Cluster.Node(2, 1), local);
        var strayOnShard1 = await CountAsync(Cluster.Node(1, 1), local, "cityHash64(ja4) % 2 != 0");
        var strayOnShard2 = await CountAsync(Cluster.Node(2, 1), local, "cityHash64(ja4) % 2 != 1");
        Assert.Multiple(() =>
        {
            Assert.That(shard1, Is.EqualTo(evenKeys));
            Assert.That(shard2, Is.EqualTo(RowCount - evenKeys));
            Assert.That(shard1, Is.GreaterThan(RowCount / 4), "the key hardly spreads");
            Assert.That(shard2, Is.GreaterThan(RowCount / 4), "the key hardly spreads");
            Assert.That(strayOnShard1, Is.Zero, "rows of shard 2 on shard 1");
            Assert.That(strayOnShard2, Is.Zero, "rows of shard 1 on shard 2");
        });

        // Each shard replicates to its second replica, and the Distributed table reads one replica per shard.
        Assert.That(await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), local), shard1), Is.EqualTo(shard1));
        Assert.That(await EventuallyCountAsync(() => CountAsync(Cluster.Node(2, 2), local), shard2), Is.EqualTo(shard2));
        foreach (var node in Cluster.Nodes)
        {
            Assert.That(await CountAsync(node, distributed), Is.EqualTo(RowCount), $"{distributed} read on {node}");
        }
    }
}
