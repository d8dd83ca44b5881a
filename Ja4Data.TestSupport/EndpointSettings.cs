using Ja4Data.LocalServer;

namespace Ja4Data.TestSupport;

/// <summary>Client settings for a server the tests have: a live one's endpoint or a fake one's loopback port.</summary>
internal static class EndpointSettings
{
    /// <summary>
    /// The endpoint's host, port and login on database <c>default</c>, with timeouts that fail a stuck test in
    /// seconds rather than the defaults' minutes, and fast retries.
    /// </summary>
    public static ClickHouseSettings For(ClickHouseEndpoint endpoint, ClickHouseCompression compression = ClickHouseCompression.Lz4) => new()
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        User = endpoint.User,
        Password = endpoint.Password,
        Database = "default",
        Compression = compression,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CommandTimeout = TimeSpan.FromSeconds(60),
        PoolAcquireTimeout = TimeSpan.FromSeconds(30),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary><see cref="For"/> a server on 127.0.0.1 at <paramref name="port"/>, user <c>default</c> without password.</summary>
    public static ClickHouseSettings ForLoopback(int port, ClickHouseCompression compression = ClickHouseCompression.None)
        => For(new ClickHouseEndpoint("127.0.0.1", port, "default", string.Empty, TlsPort: null, CaCertificatePath: null, HttpPort: null), compression);
}
