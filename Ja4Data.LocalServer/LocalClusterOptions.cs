namespace Ja4Data.LocalServer;

/// <summary>How <see cref="LocalClickHouseCluster.StartAsync"/> builds its cluster.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>Number of shards (default 2).</summary>
    public int Shards { get; init; } = 2;

    /// <summary>Replicas per shard (default 2).</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>
    /// The cluster's name in <c>remote_servers</c>, for <c>ON CLUSTER</c> and <c>Distributed</c> tables (default
    /// <c>ja4</c>). Letters, digits and underscores, not starting with a digit.
    /// </summary>
    public string ClusterName { get; init; } = "ja4";

    /// <summary>The <c>clickhouse-server</c> binary; <see langword="null"/> finds it as <see cref="LocalServerOptions.ServerBinary"/> does.</summary>
    public string? ServerBinary { get; init; }

    /// <summary>The <c>java</c> that runs ZooKeeper; <see langword="null"/> looks in <c>JAVA_HOME</c>, <c>PATH</c>, then <c>/usr/bin</c>.</summary>
    public string? JavaPath { get; init; }

    /// <summary>
    /// The Java class path of ZooKeeper (3.5 or later); <see langword="null"/> uses Debian's <c>zookeeper</c> package
    /// (<c>/usr/share/java/zookeeper.jar</c>).
    /// </summary>
    public string? ZooKeeperClassPath { get; init; }

    /// <summary>Maximum Java heap of ZooKeeper in MiB (default 256).</summary>
    public int ZooKeeperHeapMegabytes { get; init; } = 256;

    /// <summary>
    /// The ZooKeeper session timeout the nodes ask for (default 6 s). It bounds how long a killed node's session (and
    /// its replicas' <c>is_active</c> marks) outlives it, so a restarted node rejoins sooner with a shorter one; too
    /// short and a busy machine expires live sessions.
    /// </summary>
    public TimeSpan ZooKeeperSessionTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long ZooKeeper, or a node, may take to become ready when it starts (default 120 s). The cluster starts
    /// ZooKeeper first, then every node side by side.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a graceful stop waits after SIGTERM before SIGKILL (default 10 s).</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
