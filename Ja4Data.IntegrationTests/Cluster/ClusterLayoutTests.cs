namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>What every node knows about the cluster: its members in <c>system.clusters</c> and its own macros.</summary>
[TestFixture]
public sealed class ClusterLayoutTests : ClusterTestBase
{
    [Test]
    public async Task SystemClusters_OnEveryNode_ListsEveryReplicaOfEveryShardWithItsPort()
    {
        var expected = Cluster.Nodes.Select(n => $"{n.Shard} {n.Replica} {n.TcpPort} default").ToArray();
        Assert.That(expected, Has.Length.EqualTo(4));
        foreach (var node in Cluster.Nodes)
        {
            var rows = await ReadRowsAsync(
                node,
                $"SELECT shard_num, replica_num, port, user FROM system.clusters WHERE cluster = '{Cluster.Name}' ORDER BY shard_num, replica_num");
            Assert.That(rows, Is.EqualTo(expected), $"system.clusters on {node}");
        }
    }

    [Test]
    public async Task SystemMacros_OnEveryNode_NameItsShardAndReplica()
    {
        foreach (var node in Cluster.Nodes)
        {
            var macros = await ReadRowsAsync(node, "SELECT macro, substitution FROM system.macros ORDER BY macro");
            Assert.That(
                macros,
                Is.EqualTo((string[])[$"cluster {Cluster.Name}", $"replica {node.ReplicaMacro}", $"shard {node.ShardMacro}"]),
                $"system.macros on {node}");
        }

        Assert.That(Cluster.Nodes.Select(n => n.ReplicaMacro), Is.Unique);
    }

    [Test]
    public void HostList_NamesEveryNodeInShardOrder()
    {
        Assert.That(
            Cluster.HostList,
            Is.EqualTo(string.Join(',', Cluster.Nodes.Select(n => $"127.0.0.1:{n.TcpPort}"))));
        Assert.That(Cluster.Node(2, 1), Is.SameAs(Cluster.Nodes[2]));
    }

    private static async Task<string[]> ReadRowsAsync(Ja4Data.LocalServer.LocalClusterNode node, string sql)
    {
        await using var connection = await OpenAsync(node);
        await using var command = new ClickHouseCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return [.. rows];
    }
}
