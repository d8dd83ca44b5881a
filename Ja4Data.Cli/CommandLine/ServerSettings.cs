using Ja4Data.Cli.Hosting;

namespace Ja4Data.Cli.CommandLine;

/// <summary>The options of every command that talks to a server: which one, as whom.</summary>
internal abstract class ServerSettings : CommandSettings
{
    [CommandOption("--host <HOST>")]
    [Description("Use this server, or these: ch1:9000,ch2,ch3:9440 (wins over CLICKHOUSE_HOST; LoadBalancing from CLICKHOUSE_LOAD_BALANCING)")]
    public string? Host { get; init; }

    [CommandOption("--port <PORT>")]
    [Description("The server's native TCP port")]
    [CountRange(1, 65535)]
    public Count? Port { get; init; }

    [CommandOption("--user <USER>")]
    [Description("User name; the password comes only from CLICKHOUSE_PASSWORD or .env")]
    public string? User { get; init; }

    /// <summary>Whether to start a throw-away local server; only <see cref="LocalServerSettings"/> offers the choice.</summary>
    protected virtual bool ForceLocal => false;

    /// <summary>Whether to start a throw-away local cluster; only the demo and the load generator offer it.</summary>
    protected virtual bool StartLocalCluster => false;

    public ServerOptions ToServerOptions() => new(Host, Port?.Int32, User, ForceLocal, StartLocalCluster);
}
