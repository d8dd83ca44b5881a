namespace Ja4Data.LocalServer;

/// <summary>
/// A throw-away <c>clickhouse-server</c> process on free loopback ports with its own temp directory: for integration
/// tests (including fault tests that kill, pause and restart it), the demo and benchmarks. Linux only.
/// </summary>
/// <remarks>
/// Two users exist: <c>default</c> with no password and <c>ja4_test</c> with a generated password (see
/// <see cref="PasswordEndpoint"/>). With TLS on (the default) the server also speaks the native protocol with TLS on
/// <see cref="TlsPort"/>, with a certificate for <c>localhost</c>/<c>127.0.0.1</c> signed by a CA made for this
/// instance (<see cref="CaCertificatePath"/>).
/// </remarks>
public sealed class LocalClickHouseServer : IAsyncDisposable
{
    private const int MaxPortAttempts = 3;

    private readonly ServerPorts _ports;
    private readonly SupervisedServer _server;

    private LocalClickHouseServer(ServerPorts ports, string password, SupervisedServer server)
    {
        _ports = ports;
        _server = server;
        Endpoint = new ClickHouseEndpoint(
            "127.0.0.1",
            ports.Tcp,
            "default",
            string.Empty,
            ports.Tls,
            ports.Tls is null ? null : server.Layout.CaCertificate,
            ports.Http);
        PasswordEndpoint = Endpoint with { User = ServerConfigXml.PasswordUser, Password = password };
    }

    /// <summary>User <c>default</c>, empty password.</summary>
    public ClickHouseEndpoint Endpoint { get; }

    /// <summary>
    /// User <c>ja4_test</c> with a password generated for this instance; it contains <c>; ' " \</c> to exercise
    /// escaping and redaction.
    /// </summary>
    public ClickHouseEndpoint PasswordEndpoint { get; }

    /// <summary>Native protocol port (plain TCP) on 127.0.0.1.</summary>
    public int TcpPort => _ports.Tcp;

    /// <summary>HTTP interface port on 127.0.0.1.</summary>
    public int HttpPort => _ports.Http;

    /// <summary>Native protocol port with TLS on 127.0.0.1.</summary>
    /// <exception cref="InvalidOperationException">The server was started with <see cref="LocalServerOptions.EnableTls"/> off.</exception>
    public int TlsPort => _ports.Tls ?? throw new InvalidOperationException("This server was started without TLS.");

    /// <summary>PEM file of the CA that signed the server certificate (SAN: localhost, 127.0.0.1, ::1).</summary>
    /// <exception cref="InvalidOperationException">The server was started with <see cref="LocalServerOptions.EnableTls"/> off.</exception>
    public string CaCertificatePath =>
        _ports.Tls is null ? throw new InvalidOperationException("This server was started without TLS.") : _server.Layout.CaCertificate;

    /// <summary>The server's data directory (its <c>path</c> setting); kept across <see cref="RestartAsync"/>.</summary>
    public string DataDirectory => _server.Layout.DataDirectory;

    /// <summary>Pid of the current (or last) server process; changes on every restart.</summary>
    public int ProcessId => _server.ProcessId;

    /// <summary>Whether the server process is alive (it may be paused).</summary>
    public bool IsRunning => _server.IsRunning;

    internal ServerLayout Layout => _server.Layout;

    /// <summary>
    /// Starts a server and returns once it answers on all its ports. If another process takes one of the chosen ports
    /// first, it retries with new ones.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="InvalidOperationException">No server binary was found, or the server exited while starting (the message carries its log tail).</exception>
    /// <exception cref="TimeoutException">The server was not ready within <see cref="LocalServerOptions.StartTimeout"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout in <paramref name="options"/> is not positive.</exception>
    public static async Task<LocalClickHouseServer> StartAsync(LocalServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureLinux(nameof(LocalClickHouseServer));
        options ??= new LocalServerOptions();
        ValidateTimeouts(options.StartTimeout, options.StopGracePeriod, nameof(options));
        var binary = ServerBinary.Resolve(options.ServerBinary);
        for (var attempt = 1; ; attempt++)
        {
            var server = Create(options, binary, ServerLayout.Create(), ServerPorts.PickFree(options.EnableTls), seat: null, clusterReadiness: null);
            try
            {
                await server.EnsureRunningAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < MaxPortAttempts && server.Layout.LogsMentionPortInUse())
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Stops the server gracefully: SIGTERM (after SIGCONT, in case it is paused), then SIGKILL if it is still running
    /// after <see cref="LocalServerOptions.StopGracePeriod"/>. Does nothing if it is not running or already disposed.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _server.StopAsync(cancellationToken);

    /// <summary>
    /// Stops the server if it runs, then starts it again on the same ports and data directory and waits until it is
    /// ready. Works after <see cref="Kill"/> and <see cref="StopAsync"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _server.StartAsync(restart: true, cancellationToken);

    /// <summary>SIGKILL: the server dies at once, as in a crash or OOM kill. Returns when the process is gone.</summary>
    public void Kill() => _server.Kill();

    /// <summary>SIGSTOP: the server freezes; connections are still accepted by the kernel but nothing answers.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Pause() => _server.Pause();

    /// <summary>SIGCONT: a paused server carries on where it stopped.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Resume() => _server.Resume();

    /// <summary>
    /// Ends the server and deletes its temp directory. The process is killed rather than stopped gracefully: its data is
    /// deleted anyway, and a graceful stop costs about a second per server.
    /// </summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Names the process and its endpoint; never a password.</summary>
    public override string ToString() => $"clickhouse-server pid {ProcessId} {Endpoint}";

    /// <summary>
    /// A node of a local cluster, not yet started: its configuration joins it to <paramref name="seat"/>'s cluster, and
    /// it counts as ready only once <paramref name="clusterReadiness"/> holds too.
    /// </summary>
    internal static LocalClickHouseServer CreateClusterNode(
        LocalServerOptions options,
        ServerBinary binary,
        ServerLayout layout,
        ServerPorts ports,
        ClusterSeat seat,
        ReadinessCheck clusterReadiness) =>
        Create(options, binary, layout, ports, seat, clusterReadiness);

    /// <summary>Starts the server unless it runs, and waits until it is ready.</summary>
    internal Task EnsureRunningAsync(CancellationToken cancellationToken) => _server.StartAsync(restart: false, cancellationToken);

    internal static void EnsureLinux(string what)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                $"{what} runs server processes on Linux only; elsewhere use Docker or CLICKHOUSE_TEST_HOST.");
        }
    }

    internal static void ValidateTimeouts(TimeSpan startTimeout, TimeSpan stopGracePeriod, string parameterName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(startTimeout, TimeSpan.Zero, parameterName);
        ArgumentOutOfRangeException.ThrowIfLessThan(stopGracePeriod, TimeSpan.Zero, parameterName);
    }

    private static LocalClickHouseServer Create(
        LocalServerOptions options,
        ServerBinary binary,
        ServerLayout layout,
        ServerPorts ports,
        ClusterSeat? seat,
        ReadinessCheck? clusterReadiness)
    {
        try
        {
            var password = TestPassword.Create();
            if (ports.Tls is not null)
            {
                TestCertificateAuthority.WriteTo(layout);
            }

            ServerConfigXml.Write(layout, ports, TestPassword.Sha256Hex(password), seat);
            var serves = ReadinessProbe.ClickHouse(ports);
            ReadinessCheck readiness = clusterReadiness is null
                ? serves
                : async (timeout, cancellationToken) =>
                    await serves(timeout, cancellationToken) && await clusterReadiness(timeout, cancellationToken);
            var server = new SupervisedServer(
                "clickhouse-server",
                layout,
                () => ServerProcess.StartClickHouse(binary, layout),
                readiness,
                $"http {ports.Http}, tcp {ports.Tcp}",
                options.StartTimeout,
                options.StopGracePeriod);
            return new LocalClickHouseServer(ports, password, server);
        }
        catch
        {
            layout.Delete();
            throw;
        }
    }
}
