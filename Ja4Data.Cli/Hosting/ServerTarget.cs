using System.Globalization;
using Ja4Data.LocalServer;

namespace Ja4Data.Cli.Hosting;

/// <summary>
/// The server a command runs against: a configured one, or a local clickhouse-server started for the run and
/// stopped (its data deleted) on dispose. Connections use the database <c>default</c>, because the ja4 databases exist
/// only once the schema is deployed; every table name the CLI uses is qualified.
/// </summary>
internal sealed class ServerTarget : IAsyncDisposable
{
    private ServerTarget(ClickHouseSettings settings, LocalClickHouseServer? local, string description)
    {
        Settings = settings;
        Local = local;
        Description = description;
    }

    public ClickHouseSettings Settings { get; }

    public LocalClickHouseServer? Local { get; }

    /// <summary>Where the server is, without the password.</summary>
    public string Description { get; }

    /// <summary>
    /// Resolves the server per <see cref="ServerChoiceRule"/>. <paramref name="minPoolSize"/> raises the pool's
    /// maximum so that many workers never wait for each other's connections.
    /// </summary>
    public static async Task<ServerTarget> ResolveAsync(ServerOptions options, int minPoolSize, CancellationToken cancellationToken)
    {
        if (ServerChoiceRule.Decide(options, Environment.GetEnvironmentVariable(ClickHouseEnvironmentVariables.Host)) == ServerChoice.Configured)
        {
            return Configured(options, minPoolSize);
        }

        var loaded = ClickHouseSettings.Load();
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

        return new ServerTarget(settings, null, $"{settings.User}@{settings.Host}:{settings.Port.ToString(CultureInfo.InvariantCulture)} (configured)");
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
    }, minPoolSize);

    private static ClickHouseSettings WithPool(ClickHouseSettings settings, int minPoolSize)
        => settings.PoolMaxSize >= minPoolSize ? settings : settings with { PoolMaxSize = minPoolSize };

    public async ValueTask DisposeAsync()
    {
        if (Local is not null)
        {
            await Local.DisposeAsync();
        }
    }
}
