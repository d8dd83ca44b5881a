using System.Globalization;
using Ja4Data.LocalServer;

namespace Ja4Data.Cli.Hosting;

/// <summary>
/// The server a command runs against: a configured one (or several), a local clickhouse-server started for the run, or
/// a local cluster started for the run; what was started is stopped (its data deleted) on dispose. Connections use the database <c>default</c>, because the ja4 databases exist
/// only once the schema is deployed; every table name the CLI uses is qualified.
/// </summary>
internal sealed class ServerTarget(ClickHouseSettings settings, LocalClickHouseServer? local, string description, LocalClickHouseCluster? localCluster = null)
    : IAsyncDisposable
{
    public ClickHouseSettings Settings { get; } = settings;

    public LocalClickHouseServer? Local { get; } = local;

    public LocalClickHouseCluster? LocalCluster { get; } = localCluster;

    /// <summary>Where the server is, without the password.</summary>
    public string Description { get; } = description;

    /// <summary>
    /// Resolves the server per <see cref="ServerChoiceRule"/>. <paramref name="minPoolSize"/> raises the pool's
    /// maximum so that many workers never wait for each other's connections.
    /// </summary>
    public static async Task<ServerTarget> ResolveAsync(ServerOptions options, int minPoolSize, CancellationToken cancellationToken)
    {
        var choice = ServerChoiceRule.Decide(options, Environment.GetEnvironmentVariable(ClickHouseEnvironmentVariables.Host));
        if (choice == ServerChoice.Configured)
        {
            return Configured(options, minPoolSize);
        }

        var loaded = ClickHouseSettings.Load();
        if (choice == ServerChoice.LocalCluster)
        {
            return await StartClusterAsync(loaded, minPoolSize, cancellationToken);
        }

        var local = await LocalClickHouseServer.StartAsync(new LocalServerOptions { EnableTls = false }, cancellationToken);
        try
        {
            return new ServerTarget(ForLocal(loaded, local.Endpoint, minPoolSize), local, $"local clickhouse-server pid {local.ProcessId.ToString(CultureInfo.InvariantCulture)} on 127.0.0.1:{local.TcpPort.ToString(CultureInfo.InvariantCulture)} (started for this run)");
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    /// <summary>The configured server (CLICKHOUSE_* variables and .env), with --host, --port and --user applied.</summary>
    public static ServerTarget Configured(ServerOptions options, int minPoolSize)
    {
        var loaded = ClickHouseSettings.Load();
        var settings = WithPool(loaded with
        {
            Host = options.Host ?? loaded.Host,
            User = options.User ?? loaded.User,
            Database = "default",
        }, minPoolSize);
        if (options.Port is { } port)
        {
            settings = settings with { Port = port };
        }

        var hosts = string.Join(',', settings.GetHosts());
        return new ServerTarget(settings, null, $"{settings.User}@{hosts} (configured{(settings.Cluster.Length > 0 ? $", cluster {settings.Cluster}" : string.Empty)})");
    }

    /// <summary>
    /// Settings for a local cluster: every node in the host list, spread round robin, and the schema deployed on the
    /// cluster. The pool bound is per host, so each of the nodes gets room for every worker.
    /// </summary>
    public static ClickHouseSettings ForLocalCluster(ClickHouseSettings baseSettings, LocalClickHouseCluster cluster, int minPoolSize)
        => ForLocal(baseSettings, cluster.Nodes[0].Endpoint, minPoolSize) with
        {
            Host = cluster.HostList,
            Cluster = cluster.Name,
            LoadBalancing = ClickHouseLoadBalancing.RoundRobin,
        };

    private static async Task<ServerTarget> StartClusterAsync(ClickHouseSettings loaded, int minPoolSize, CancellationToken cancellationToken)
    {
        var cluster = await LocalClickHouseCluster.StartAsync(new LocalClusterOptions { Shards = 2, Replicas = 2 }, cancellationToken);
        try
        {
            return new ServerTarget(ForLocalCluster(loaded, cluster, minPoolSize), null, $"local {cluster} (started for this run)", cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Settings for a server the caller already has (tests): the loaded tuning, that endpoint, database default.</summary>
    public static ClickHouseSettings ForLocal(ClickHouseSettings baseSettings, ClickHouseEndpoint endpoint, int minPoolSize) => WithPool(baseSettings with
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        User = endpoint.User,
        Password = endpoint.Password,
        Database = "default",
        Secure = false,
        TlsCaCertificatePath = null,
        Cluster = string.Empty,
    }, minPoolSize);

    private static ClickHouseSettings WithPool(ClickHouseSettings settings, int minPoolSize)
        => settings.PoolMaxSize >= minPoolSize ? settings : settings with { PoolMaxSize = minPoolSize };

    public async ValueTask DisposeAsync()
    {
        if (Local is not null)
        {
            await Local.DisposeAsync();
        }

        if (LocalCluster is not null)
        {
            await LocalCluster.DisposeAsync();
        }
    }
}
