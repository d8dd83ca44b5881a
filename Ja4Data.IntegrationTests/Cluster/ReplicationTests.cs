namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>ON CLUSTER DDL, ReplicatedMergeTree replication within a shard, and replicated block deduplication.</summary>
[TestFixture]
public sealed class ReplicationTests : ClusterTestBase
{
    [Test]
    public async Task CreateOnCluster_ReplicatedMergeTree_ExistsOnEveryNodeWithItsShardPathAndReplica()
    {
        var table = UniqueTable("cluster_ddl");

        await CreateReplicatedTableAsync(table);

        // ON CLUSTER returns once every host has run the statement, so no waiting here.
        foreach (var node in Cluster.Nodes)
        {
            await using var connection = await OpenAsync(node);
            await using var command = new ClickHouseCommand(
                $"SELECT engine, zookeeper_path, replica_name, is_readonly FROM system.replicas WHERE table = '{table}'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.That(await reader.ReadAsync(), Is.True, $"no replica of {table} on {node}");
            Assert.Multiple(() =>
            {
                Assert.That(reader.GetString(0), Is.EqualTo("ReplicatedMergeTree"));
                Assert.That(reader.GetString(1), Is.EqualTo($"/clickhouse/tables/{node.Shard}/default/{table}"));
                Assert.That(reader.GetString(2), Is.EqualTo(node.ReplicaMacro));
                Assert.That(Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture), Is.Zero, "read-only");
            });
        }
    }

    [Test]
    public async Task Insert_OnOneReplica_AppearsOnTheOtherReplicaOfTheShardOnly()
    {
        var table = UniqueTable("cluster_replication");
        await CreateReplicatedTableAsync(table);

        await using (var connection = await OpenAsync(Cluster.Node(1, 1)))
        {
            Assert.That(await connection.InsertAsync(table, Rows(0, 500)), Is.EqualTo(500));
        }

        Assert.That(await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), table), 500), Is.EqualTo(500));
        // Shard 2 has its own ZooKeeper path: nothing of shard 1 arrives there.
        Assert.That(await CountAsync(Cluster.Node(2, 1), table), Is.Zero);
        Assert.That(await CountAsync(Cluster.Node(2, 2), table), Is.Zero);
    }

    [Test]
    public async Task Insert_SameBlockTwice_EvenThroughTheOtherReplica_IsStoredOnce()
    {
        var table = UniqueTable("cluster_dedup");
        await CreateReplicatedTableAsync(table);
        var block = Rows(0, 100).ToList();

        await using (var first = await OpenAsync(Cluster.Node(1, 1)))
        {
            await first.InsertAsync(table, block);
            await first.InsertAsync(table, block);
        }

        // A retry that lands on the other replica of the shard is recognised too: the block's checksum is in ZooKeeper.
        await using (var second = await OpenAsync(Cluster.Node(1, 2)))
        {
            await second.InsertAsync(table, block);
        }

        Assert.That(await CountAsync(Cluster.Node(1, 1), table), Is.EqualTo(100));
        Assert.That(await EventuallyCountAsync(() => CountAsync(Cluster.Node(1, 2), table), 100), Is.EqualTo(100));

        // Deduplication is per shard (per ZooKeeper path), not per cluster; different rows are of course kept.
        await using (var otherShard = await OpenAsync(Cluster.Node(2, 1)))
        {
            await otherShard.InsertAsync(table, block);
            await otherShard.InsertAsync(table, Rows(100, 1));
        }

        Assert.That(await CountAsync(Cluster.Node(2, 1), table), Is.EqualTo(101));
    }
}
