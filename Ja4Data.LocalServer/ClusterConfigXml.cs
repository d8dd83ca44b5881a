using System.Globalization;
using System.Xml.Linq;

namespace Ja4Data.LocalServer;

/// <summary>
/// The parts of a node's <c>config.xml</c> and <c>users.xml</c> that make it a member of a local cluster, in the form
/// ClickHouse 18.16 reads: ZooKeeper, the distributed DDL queue, macros, the cluster in <c>remote_servers</c>, the
/// interserver HTTP endpoint replicas fetch parts from, and replicated-table settings.
/// </summary>
internal static class ClusterConfigXml
{
    /// <summary>
    /// How often (seconds) each replicated table checks its ZooKeeper session. The default (60 s) leaves a table
    /// writable-looking for a minute after ZooKeeper is gone; with 1 s it turns read-only at once, as tests expect.
    /// </summary>
    private const int SessionCheckPeriodSeconds = 1;

    public static IEnumerable<XElement> ConfigElements(ClusterSeat seat, ServerPorts ports)
    {
        var topology = seat.Topology;
        var interserverPort = ports.Interserver
            ?? throw new ArgumentException("A cluster node needs an interserver HTTP port.", nameof(ports));
        yield return new XElement(
            "zookeeper",
            new XElement("node", new XElement("host", "127.0.0.1"), new XElement("port", Invariant(topology.ZooKeeperPort))),
            new XElement("session_timeout_ms", Invariant((long)topology.ZooKeeperSessionTimeout.TotalMilliseconds)));
        yield return new XElement("distributed_ddl", new XElement("path", ClusterTopology.DistributedDdlPath));
        yield return new XElement(
            "macros",
            new XElement("cluster", topology.Name),
            new XElement("shard", seat.ShardMacro),
            new XElement("replica", seat.ReplicaMacro));
        yield return new XElement("remote_servers", new XElement(topology.Name, topology.ReplicaTcpPorts.Select(Shard)));
        // Replicas announce host:port in ZooKeeper and fetch parts from each other there.
        yield return new XElement("interserver_http_host", "127.0.0.1");
        yield return new XElement("interserver_http_port", Invariant(interserverPort));
        yield return new XElement(
            "merge_tree",
            // 18.16's defaults, stated so that block deduplication does not depend on the package's config.
            new XElement("replicated_deduplication_window", 100),
            new XElement("replicated_deduplication_window_seconds", 604_800),
            new XElement("zookeeper_session_expiration_check_period", SessionCheckPeriodSeconds));
    }

    /// <summary>Settings of the <c>default</c> profile on cluster nodes.</summary>
    public static IEnumerable<XElement> ProfileSettings()
    {
        // Inserts into Replicated*MergeTree drop a block whose checksum the shard has seen (18.16's default, stated).
        yield return new XElement("insert_deduplicate", 1);
    }

    private static XElement Shard(IReadOnlyList<int> replicaPorts) =>
        new(
            "shard",
            // Each insert goes to one replica and replication copies it, rather than the Distributed table writing
            // every replica itself.
            new XElement("internal_replication", "true"),
            replicaPorts.Select(port => new XElement(
                "replica",
                new XElement("host", "127.0.0.1"),
                new XElement("port", Invariant(port)),
                new XElement("user", "default"))));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
