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
    private static readonly TimeSpan SignalWait = TimeSpan.FromSeconds(10);

    private readonly LocalServerOptions _options;
    private readonly ServerBinary _binary;
    private readonly ServerLayout _layout;
    private readonly ServerPorts _ports;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ServerProcess? _process;
    private int _disposed;

    private LocalClickHouseServer(LocalServerOptions options, ServerBinary binary, ServerLayout layout, ServerPorts ports, string password)
    {
        _options = options;
        _binary = binary;
        _layout = layout;
        _ports = ports;
        Endpoint = new ClickHouseEndpoint(
            "127.0.0.1",
            ports.Tcp,
            "default",
            string.Empty,
            ports.Tls,
            ports.Tls is null ? null : layout.CaCertificate,
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
        _ports.Tls is null ? throw new InvalidOperationException("This server was started without TLS.") : _layout.CaCertificate;

    /// <summary>The server's data directory (its <c>path</c> setting); kept across <see cref="RestartAsync"/>.</summary>
    public string DataDirectory => _layout.DataDirectory;

    /// <summary>Pid of the current (or last) server process; changes on every restart.</summary>
    public int ProcessId => _process?.Id ?? 0;

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
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "LocalClickHouseServer runs clickhouse-server processes on Linux only; elsewhere use Docker or CLICKHOUSE_TEST_HOST.");
        }

        options ??= new LocalServerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StartTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StopGracePeriod, TimeSpan.Zero, nameof(options));
        var binary = ServerBinary.Resolve(options.ServerBinary);
        for (var attempt = 1; ; attempt++)
        {
            var server = Create(options, binary);
            try
            {
                await server.LaunchAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < MaxPortAttempts && server._layout.LogsMentionPortInUse())
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
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the server if it runs, then starts it again on the same ports and data directory and waits until it is
    /// ready. Works after <see cref="Kill"/> and <see cref="StopAsync"/>.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync(cancellationToken);
            await LaunchAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>SIGKILL: the server dies at once, as in a crash or OOM kill. Returns when the process is gone.</summary>
    public void Kill()
    {
        var current = _process;
        if (current is not null && current.Signal(UnixSignals.Kill))
        {
            current.WaitForExit(SignalWait);
        }
    }

    /// <summary>SIGSTOP: the server freezes; connections are still accepted by the kernel but nothing answers.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Pause()
    {
        var current = RunningProcess();
        current.Signal(UnixSignals.Stop);
        current.WaitForStoppedState(stopped: true, SignalWait);
    }

    /// <summary>SIGCONT: a paused server carries on where it stopped.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Resume()
    {
        var current = RunningProcess();
        current.Signal(UnixSignals.Continue);
        current.WaitForStoppedState(stopped: false, SignalWait);
    }

    /// <summary>
    /// Ends the server and deletes its temp directory. The process is killed rather than stopped gracefully: its data is
    /// deleted anyway, and a graceful stop costs about a second per server.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Kill before taking the lock: a start that is still waiting for readiness then fails at once.
        Kill();
        await _lifecycle.WaitAsync();
        try
        {
            Kill();
            _process?.Dispose();
            OrphanGuard.Untrack(this);
            _layout.Delete();
        }
        finally
        {
            _lifecycle.Release();
            _lifecycle.Dispose();
        }
    }

    /// <summary>Names the process and its endpoint; never a password.</summary>
    public override string ToString() => $"clickhouse-server pid {ProcessId} {Endpoint}";

    /// <summary>Last-chance cleanup when the host process exits with this server still alive.</summary>
    internal void AbandonOnExit()
    {
        _process?.Signal(UnixSignals.Kill);
        _process?.WaitForExit(TimeSpan.FromSeconds(2));
        _layout.Delete();
    }

    private static LocalClickHouseServer Create(LocalServerOptions options, ServerBinary binary)
    {
        var layout = ServerLayout.Create();
        try
        {
            var ports = ServerPorts.PickFree(options.EnableTls);
            var password = TestPassword.Create();
            if (options.EnableTls)
            {
                TestCertificateAuthority.WriteTo(layout);
            }

            ServerConfigXml.Write(layout, ports, TestPassword.Sha256Hex(password));
            return new LocalClickHouseServer(options, binary, layout, ports, password);
        }
        catch
        {
            layout.Delete();
            throw;
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _process?.Dispose();
        var started = ServerProcess.Start(_binary, _layout);
        _process = started;
        OrphanGuard.Track(this);
        try
        {
            await ReadinessProbe.WaitUntilReadyAsync(started, _ports, _layout, _options.StartTimeout, cancellationToken);
        }
        catch
        {
            started.Signal(UnixSignals.Kill);
            started.WaitForExit(SignalWait);
            throw;
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        var current = _process;
        if (current is null || current.HasExited)
        {
            return;
        }

        // A stopped process does not act on SIGTERM until it is continued.
        current.Signal(UnixSignals.Continue);
        current.Signal(UnixSignals.Terminate);
        if (!await current.WaitForExitAsync(_options.StopGracePeriod, cancellationToken))
        {
            current.Signal(UnixSignals.Kill);
            await current.WaitForExitAsync(SignalWait, cancellationToken);
        }
    }

    private ServerProcess RunningProcess()
    {
        var current = _process;
        return current is not null && !current.HasExited
            ? current
            : throw new InvalidOperationException("The server is not running.");
    }
}
