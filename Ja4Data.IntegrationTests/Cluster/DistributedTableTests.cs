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

        // Two shards of weight 1: a row goes to shard (key % 2) + 1. The initiator writes its own shard locally and
        // the other shard on one replica picked by load_balancing; replication brings each shard's rows to its
        // other replica, so every replica ends up with exactly its shard's rows.
        var evenKeys = await ScalarAsync(
            Cluster.Node(1, 1),
            $"SELECT countIf(cityHash64(concat('t13d', toString(number))) % 2 = 0) FROM numbers({RowCount})");
        long[] expected = [evenKeys, RowCount - evenKeys];
        Assert.That(expected, Has.All.GreaterThan(RowCount / 4), "the key hardly spreads");
        foreach (var node in Cluster.Nodes)
        {
            var rows = await EventuallyCountAsync(() => CountAsync(node, local), expected[node.Shard - 1]);
            var stray = await CountAsync(node, local, $"cityHash64(ja4) % 2 != {node.Shard - 1}");
            Assert.Multiple(() =>
            {
                Assert.That(rows, Is.EqualTo(expected[node.Shard - 1]), $"rows of {local} on {node}");
                Assert.That(stray, Is.Zero, $"rows of the other shard on {node}");
            });
        }

        // The Distributed table reads one replica of each shard: the whole set from every node.
        foreach (var node in Cluster.Nodes)
        {
            Assert.That(await CountAsync(node, distributed), Is.EqualTo(RowCount), $"{distributed} read on {node}");
        }
    }
}
