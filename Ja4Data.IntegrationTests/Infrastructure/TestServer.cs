using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests;

/// <summary>
/// The ClickHouse server shared by all integration tests, set up once per run by <see cref="TestServerSetUp"/>.
/// Tests that kill, stop, pause or restart a server use <see cref="StartPrivateAsync"/> instead, so they never disturb
/// the shared one.
/// </summary>
public static class TestServer
{
    private static LocatedServer? _located;

    /// <summary>The shared server; user <c>default</c> unless the environment names another.</summary>
    public static ClickHouseEndpoint Endpoint => Located.Endpoint;

    /// <summary>User <c>ja4_test</c> with a password full of special characters; <see langword="null"/> for a server from the environment.</summary>
    public static ClickHouseEndpoint? PasswordEndpoint => Located.PasswordEndpoint;

    /// <summary>The shared server when it is a local process (for its TLS port and CA); <see langword="null"/> otherwise.</summary>
    public static LocalClickHouseServer? Local => Located.Local;

    /// <summary>Where the shared server came from (see <see cref="LocatedServer.Source"/>).</summary>
    public static string Source => Located.Source;

    private static LocatedServer Located =>
        _located ?? throw new InvalidOperationException("The shared ClickHouse server is not set up: TestServerSetUp has not run.");

    /// <summary>
    /// Starts a server of the caller's own, to kill, stop, pause or restart at will. The caller disposes it
    /// (<c>await using</c>).
    /// </summary>
    public static Task<LocalClickHouseServer> StartPrivateAsync(LocalServerOptions? options = null, CancellationToken cancellationToken = default) =>
        LocalClickHouseServer.StartAsync(options, cancellationToken);

    internal static void Attach(LocatedServer? server) => _located = server;
}
