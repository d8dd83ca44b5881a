using System.Globalization;

namespace Ja4Data.LocalServer;

/// <summary>
/// The shape of a local cluster as every node's configuration names it: the cluster name, where ZooKeeper listens,
/// and the native port of every replica of every shard (<c>ReplicaTcpPorts[shard - 1][replica - 1]</c>).
/// </summary>
internal sealed record ClusterTopology(
    string Name,
    int ZooKeeperPort,
    TimeSpan ZooKeeperSessionTimeout,
    IReadOnlyList<IReadOnlyList<int>> ReplicaTcpPorts)
{
    /// <summary>Where the distributed DDL queue (<c>ON CLUSTER</c>) lives in ZooKeeper.</summary>
    public const string DistributedDdlPath = "/clickhouse/task_queue/ddl";

    public int NodeCount => ReplicaTcpPorts.Sum(shard => shard.Count);
}

/// <summary>One node's place in a <see cref="ClusterTopology"/>; shard and replica numbers start at 1, as in <c>system.clusters</c>.</summary>
internal sealed record ClusterSeat(ClusterTopology Topology, int Shard, int Replica)
{
    /// <summary>The <c>{shard}</c> macro: the shard number.</summary>
    public string ShardMacro => Shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The <c>{replica}</c> macro. Replica names need only be unique within a shard; naming the shard too makes them
    /// unique in the whole cluster, so a log line or a ZooKeeper path says which node it is about.
    /// </summary>
    public string ReplicaMacro => string.Create(CultureInfo.InvariantCulture, $"s{Shard}r{Replica}");
}
