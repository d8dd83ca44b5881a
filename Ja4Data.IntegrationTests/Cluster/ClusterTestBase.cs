using System.Globalization;
using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>
/// Base of the tests on the shared cluster: talks to single nodes through the library's public ADO.NET API, waits
/// (bounded) for what replication does in the background, and after every test restarts whatever the test killed or
/// stopped, so the next test finds all four nodes and ZooKeeper up.
/// </summary>
[Category("Cluster")]
public abstract class ClusterTestBase
{
    /// <summary>How long background work (replication, a rejoin, a session switch) may take before a test fails.</summary>
    private protected static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(60);

    private protected static LocalClickHouseCluster Cluster => ClusterSetUp.Cluster;

    /// <summary>
    /// Starts whatever the test killed or stopped and waits until the cluster works again, so that every test starts
    /// from a whole, healthy cluster whatever ran before it.
    /// </summary>
    [TearDown]
    public async Task LeaveTheClusterWholeAsync()
    {
        await Cluster.ZooKeeper.StartAsync();
        foreach (var node in Cluster.Nodes)
        {
            await node.StartAsync();
        }

        await WaitUntilClusterRecoversAsync();
    }

    /// <summary>
    /// Waits (bounded) until every replicated table on every node is writable again and the distributed DDL queue
    /// runs on every node. After ZooKeeper or a node comes back, ClickHouse reconnects on its own schedule: the DDL
    /// queue within seconds, replicated tables on their next retry (every 10 s in 18.16).
    /// </summary>
    private protected static async Task WaitUntilClusterRecoversAsync()
    {
        var deadline = DateTime.UtcNow + ReplicationTimeout;
        foreach (var node in Cluster.Nodes)
        {
            var unhealthy = await EventuallyCountAsync(
                () => CountAsync(node, "system.replicas", "is_readonly OR is_session_expired"), 0, deadline - DateTime.UtcNow);
            Assert.That(unhealthy, Is.Zero, $"replicated tables on {node} stay read-only");
        }

        while (true)
        {
            try
            {
                await ExecuteAsync(Cluster.Nodes[0], $"CREATE DATABASE IF NOT EXISTS default ON CLUSTER {Cluster.Name}");
                return;
            }
            catch (ClickHouseServerException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Settings for one node: fresh retries are short, and the pool of a killed node is not reused.</summary>
    private protected static ClickHouseSettings Settings(LocalClusterNode node) => EndpointSettings.For(node.Endpoint) with
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RetryTimeout = TimeSpan.FromSeconds(20),
    };

    private protected static async Task<ClickHouseConnection> OpenAsync(LocalClusterNode node)
    {
        var connection = new ClickHouseConnection(Settings(node));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// Runs the statements in order on one connection, so a <c>SET</c> among them applies to those after it (18.16
    /// keeps SET for the session; it cannot take most settings with the query over the native protocol).
    /// </summary>
    private protected static async Task ExecuteAsync(LocalClusterNode node, params string[] statements)
    {
        await using var connection = await OpenAsync(node);
        foreach (var sql in statements)
        {
            await using var command = new ClickHouseCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The first column of the first row, as a number.</summary>
    private protected static async Task<long> ScalarAsync(LocalClusterNode node, string sql)
    {
        await using var connection = await OpenAsync(node);
        await using var command = new ClickHouseCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private protected static Task<long> CountAsync(LocalClusterNode node, string table, string where = "1") =>
        ScalarAsync(node, $"SELECT count() FROM {table} WHERE {where}");

    /// <summary>A table name unique to one test.</summary>
    private protected static string UniqueTable(string prefix) => TestSettings.UniqueTable(prefix);

    /// <summary>
    /// Creates <paramref name="table"/> as a ReplicatedMergeTree on every node with <c>ON CLUSTER</c>: ZooKeeper path
    /// per shard, replica named by the node's macro.
    /// </summary>
    private protected static Task CreateReplicatedTableAsync(string table) =>
        ExecuteAsync(
            Cluster.Nodes[0],
            $"CREATE TABLE {table} ON CLUSTER {Cluster.Name} (id UInt64, ja4 String) "
            + $"ENGINE = ReplicatedMergeTree('/clickhouse/tables/{{shard}}/default/{table}', '{{replica}}') ORDER BY id");

    /// <summary>Rows <c>(id, 't13d' + id)</c> for ids in [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>).</summary>
    private protected static IEnumerable<IReadOnlyList<object?>> Rows(int from, int count) =>
        Enumerable.Range(from, count).Select(i => (IReadOnlyList<object?>)[(ulong)i, "t13d" + i.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Polls <paramref name="count"/> until it returns <paramref name="expected"/> (bounded); returns the last value.</summary>
    private protected static async Task<long> EventuallyCountAsync(Func<Task<long>> count, long expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? ReplicationTimeout);
        while (true)
        {
            long value;
            try
            {
                value = await count();
            }
            catch (ClickHouseException) when (DateTime.UtcNow < deadline)
            {
                value = -1;
            }

            if (value == expected || DateTime.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
