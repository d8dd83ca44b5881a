namespace Ja4Data.LocalServer;

/// <summary>How <see cref="LocalClickHouseServer.StartAsync"/> starts its server.</summary>
public sealed record LocalServerOptions
{
    /// <summary>
    /// Path of the <c>clickhouse-server</c> (or single <c>clickhouse</c>) binary; <see langword="null"/> looks for
    /// <c>clickhouse-server</c> on <c>PATH</c>, then in <c>/usr/sbin</c> and <c>/usr/bin</c>.
    /// </summary>
    public string? ServerBinary { get; init; }

    /// <summary>Whether the server also listens on a TLS native port (default <see langword="true"/>).</summary>
    public bool EnableTls { get; init; } = true;

    /// <summary>How long a start or restart may take before it fails (default 60 s).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="LocalClickHouseServer.StopAsync"/> waits after SIGTERM before SIGKILL (default 10 s).</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
