namespace Ja4Data.Cli.Hosting;

/// <summary>Which server the CLI talks to, from the command line.</summary>
/// <param name="Host">--host: a server to use (wins over CLICKHOUSE_HOST).</param>
/// <param name="Port">--port.</param>
/// <param name="User">--user (the password only ever comes from CLICKHOUSE_PASSWORD or .env).</param>
/// <param name="ForceLocal">--local: start a throw-away local server even if one is configured.</param>
/// <param name="LocalCluster">--cluster: start a throw-away local cluster (ZooKeeper, 2 shards x 2 replicas) instead.</param>
internal sealed record ServerOptions(string? Host, int? Port, string? User, bool ForceLocal, bool LocalCluster = false);
