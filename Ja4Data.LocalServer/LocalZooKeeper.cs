using System.Globalization;
using System.Text;

namespace Ja4Data.LocalServer;

/// <summary>
/// The ZooKeeper server of a <see cref="LocalClickHouseCluster"/>: a standalone ZooKeeper (Debian's <c>zookeeper</c>
/// package, run as a JVM of its own) on a free loopback port, with its data in the cluster's temp directory. It can be
/// stopped, killed and started again on the same port and data, to test what ClickHouse does without it.
/// </summary>
/// <remarks>
/// It listens on <see cref="Port"/> only: the admin HTTP server is off and JMX has no remote port, so nothing collides
/// with other servers. The four-letter commands <c>srvr</c>, <c>ruok</c> and <c>mntr</c> are enabled.
/// </remarks>
public sealed class LocalZooKeeper
{
    // Short ticks so that a session of a killed ClickHouse node expires within seconds; the session bounds below are
    // explicit so the timeout a node asks for is the one it gets.
    private const int TickMilliseconds = 500;
    private const int MinSessionMilliseconds = 1_000;
    private const int MaxSessionMilliseconds = 60_000;

    private readonly SupervisedServer _server;

    private LocalZooKeeper(int port, SupervisedServer server)
    {
        Port = port;
        _server = server;
    }

    /// <summary>Client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the form ZooKeeper clients take.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>ZooKeeper's data directory; kept across <see cref="StopAsync"/>, <see cref="Kill"/> and restarts.</summary>
    public string DataDirectory => _server.Layout.DataDirectory;

    /// <summary>Pid of the current (or last) JVM; changes on every start.</summary>
    public int ProcessId => _server.ProcessId;

    /// <summary>Whether the JVM is alive (it may be paused).</summary>
    public bool IsRunning => _server.IsRunning;

    /// <summary>
    /// Starts ZooKeeper again after <see cref="StopAsync"/> or <see cref="Kill"/>, on the same port and data, and
    /// returns once it serves requests. Does nothing if it runs.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    /// <exception cref="InvalidOperationException">The JVM exited while starting (the message carries its log tail).</exception>
    /// <exception cref="TimeoutException">It did not serve within <see cref="LocalClusterOptions.StartTimeout"/>.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _server.StartAsync(restart: false, cancellationToken);

    /// <summary>Stops ZooKeeper if it runs, starts it again and waits until it serves requests.</summary>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _server.StartAsync(restart: true, cancellationToken);

    /// <summary>
    /// SIGTERM, then SIGKILL after <see cref="LocalClusterOptions.StopGracePeriod"/>; returns when the JVM is gone. Does
    /// nothing if it is not running.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _server.StopAsync(cancellationToken);

    /// <summary>SIGKILL: ZooKeeper dies at once. Returns when the JVM is gone.</summary>
    public void Kill() => _server.Kill();

    /// <summary>SIGSTOP: ZooKeeper freezes; connections are accepted by the kernel but nothing answers.</summary>
    /// <exception cref="InvalidOperationException">It is not running.</exception>
    public void Pause() => _server.Pause();

    /// <summary>SIGCONT: a paused ZooKeeper carries on.</summary>
    /// <exception cref="InvalidOperationException">It is not running.</exception>
    public void Resume() => _server.Resume();

    /// <summary>Names the process and its endpoint.</summary>
    public override string ToString() => $"ZooKeeper pid {ProcessId} {Endpoint}";

    /// <summary>A ZooKeeper in <paramref name="layout"/>, configured but not started.</summary>
    internal static LocalZooKeeper Create(ZooKeeperRuntime runtime, ServerLayout layout, int port, LocalClusterOptions options)
    {
        var configFile = Path.Combine(layout.Root, "zoo.cfg");
        File.WriteAllText(configFile, Config(layout, port), Encoding.ASCII);
        string[] arguments =
        [
            "-Xmx" + options.ZooKeeperHeapMegabytes.ToString(CultureInfo.InvariantCulture) + "m",
            "-Xms16m",
            // One GC thread and the quick JIT: a test ZooKeeper is idle most of the time, and the machines are small.
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // No hsperfdata file in /tmp that would outlive a killed JVM.
            "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.net.preferIPv4Stack=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-cp",
            runtime.ClassPath,
            ZooKeeperRuntime.MainClass,
            configFile,
        ];
        var server = new SupervisedServer(
            "ZooKeeper",
            layout,
            () => ServerProcess.Start("ZooKeeper", runtime.JavaPath, arguments, layout),
            ServesAsync(port),
            $"client port {port}",
            options.StartTimeout,
            options.StopGracePeriod);
        return new LocalZooKeeper(port, server);
    }

    internal ServerLayout Layout => _server.Layout;

    internal Task EnsureRunningAsync(CancellationToken cancellationToken) => _server.StartAsync(restart: false, cancellationToken);

    internal ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>
    /// Ready when <c>srvr</c> reports a mode. <c>ruok</c> is not enough: ZooKeeper answers <c>imok</c> as soon as its
    /// port is open, before it has loaded its data and serves requests; <c>srvr</c> says "not currently serving" until
    /// then.
    /// </summary>
    private static ReadinessCheck ServesAsync(int port) =>
        async (timeout, cancellationToken) =>
            (await ReadinessProbe.FourLetterWordAsync(port, "srvr", timeout, cancellationToken))?.Contains("Mode: ", StringComparison.Ordinal) == true;

    private static string Config(ServerLayout layout, int port) =>
        string.Join(
            '\n',
            $"tickTime={TickMilliseconds}",
            $"minSessionTimeout={MinSessionMilliseconds}",
            $"maxSessionTimeout={MaxSessionMilliseconds}",
            $"dataDir={layout.DataDirectory}",
            $"clientPort={port}",
            "clientPortAddress=127.0.0.1",
            "maxClientCnxns=0",
            "admin.enableServer=false",
            "4lw.commands.whitelist=srvr,ruok,mntr",
            // The data is thrown away with the cluster, and a killed JVM loses nothing the kernel already holds, so
            // no fsync per transaction; and 1 MiB log preallocation instead of 64 MiB.
            "forceSync=no",
            "preAllocSize=1024",
            string.Empty);
}
