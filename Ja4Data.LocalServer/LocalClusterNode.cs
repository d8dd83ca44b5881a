namespace Ja4Data.LocalServer;

/// <summary>
/// One clickhouse-server of a <see cref="LocalClickHouseCluster"/>: replica <see cref="Replica"/> of shard
/// <see cref="Shard"/>. It can be killed, stopped, paused and started again; a node started again keeps its ports and
/// data directory, so its replicated tables rejoin their shard and catch up.
/// </summary>
public sealed class LocalClusterNode
{
    private readonly LocalClickHouseServer _server;
    private readonly ClusterSeat _seat;

    internal LocalClusterNode(ClusterSeat seat, LocalClickHouseServer server, int interserverHttpPort)
    {
        _seat = seat;
        _server = server;
        InterserverHttpPort = interserverHttpPort;
    }

    /// <summary>Shard number, from 1 (as <c>shard_num</c> in <c>system.clusters</c>).</summary>
    public int Shard => _seat.Shard;

    /// <summary>Replica number within the shard, from 1 (as <c>replica_num</c> in <c>system.clusters</c>).</summary>
    public int Replica => _seat.Replica;

    /// <summary>The node's <c>{shard}</c> macro (the shard number).</summary>
    public string ShardMacro => _seat.ShardMacro;

    /// <summary>The node's <c>{replica}</c> macro, unique in the cluster: <c>s1r2</c> is replica 2 of shard 1.</summary>
    public string ReplicaMacro => _seat.ReplicaMacro;

    /// <summary>User <c>default</c>, empty password (the user the cluster's nodes log in to each other as).</summary>
    public ClickHouseEndpoint Endpoint => _server.Endpoint;

    /// <summary>User <c>ja4_test</c> with a password generated for this node (see <see cref="LocalClickHouseServer.PasswordEndpoint"/>).</summary>
    public ClickHouseEndpoint PasswordEndpoint => _server.PasswordEndpoint;

    /// <summary>Native protocol port on 127.0.0.1.</summary>
    public int TcpPort => _server.TcpPort;

    /// <summary>HTTP interface port on 127.0.0.1.</summary>
    public int HttpPort => _server.HttpPort;

    /// <summary>The port other replicas fetch parts from (<c>interserver_http_port</c>).</summary>
    public int InterserverHttpPort { get; }

    /// <summary>The node's data directory; kept when it is killed, stopped or started again.</summary>
    public string DataDirectory => _server.DataDirectory;

    /// <summary>Pid of the current (or last) server process; changes on every start.</summary>
    public int ProcessId => _server.ProcessId;

    /// <summary>Whether the server process is alive (it may be paused).</summary>
    public bool IsRunning => _server.IsRunning;

    /// <summary>
    /// Starts the node again after <see cref="Kill"/> or <see cref="StopAsync"/> and returns once it answers, sees the
    /// cluster and (while ZooKeeper runs) has a ZooKeeper session. Does nothing if it runs.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    /// <exception cref="InvalidOperationException">The server exited while starting (the message carries its log tail).</exception>
    /// <exception cref="TimeoutException">It was not ready within <see cref="LocalClusterOptions.StartTimeout"/>.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _server.EnsureRunningAsync(cancellationToken);

    /// <summary>Stops the node if it runs, then starts it again (see <see cref="StartAsync"/>).</summary>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _server.RestartAsync(cancellationToken);

    /// <summary>
    /// SIGTERM, then SIGKILL after <see cref="LocalClusterOptions.StopGracePeriod"/>; returns when the process is gone.
    /// Does nothing if it is not running.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _server.StopAsync(cancellationToken);

    /// <summary>SIGKILL: the node dies at once, as in a crash. Returns when the process is gone.</summary>
    public void Kill() => _server.Kill();

    /// <summary>SIGSTOP: the node freezes; connections are accepted by the kernel but nothing answers.</summary>
    /// <exception cref="InvalidOperationException">The node is not running.</exception>
    public void Pause() => _server.Pause();

    /// <summary>SIGCONT: a paused node carries on.</summary>
    /// <exception cref="InvalidOperationException">The node is not running.</exception>
    public void Resume() => _server.Resume();

    /// <summary>Replica macro, pid and endpoint; never a password.</summary>
    public override string ToString() => $"{ReplicaMacro}: {_server}";

    internal LocalClickHouseServer Server => _server;
}
