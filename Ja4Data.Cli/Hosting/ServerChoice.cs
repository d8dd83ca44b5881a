namespace Ja4Data.Cli.Hosting;

/// <summary>Whether to use a configured server or start a local one.</summary>
internal enum ServerChoice
{
    /// <summary>The server named by --host or CLICKHOUSE_HOST (with the rest of the CLICKHOUSE_* settings).</summary>
    Configured,

    /// <summary>A throw-away clickhouse-server started for this run.</summary>
    Local,

    /// <summary>A throw-away cluster started for this run: ZooKeeper and 2 shards x 2 replicas of clickhouse-server.</summary>
    LocalCluster,
}
