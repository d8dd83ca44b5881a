using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;

namespace Ja4Data.LocalServer;

/// <summary>
/// A throw-away ClickHouse cluster on loopback: one ZooKeeper and <see cref="LocalClusterOptions.Shards"/> x
/// <see cref="LocalClusterOptions.Replicas"/> clickhouse-server processes, every one on free ports, all under one temp
/// directory. For integration tests of replication, distributed DDL and multi-host clients. Linux only.
/// </summary>
/// <remarks>
/// <para>Every node knows the cluster as <see cref="Name"/> in <c>remote_servers</c> (shards with
/// <c>internal_replication</c>, replicas reached as user <c>default</c>), has the macros <c>{cluster}</c>,
/// <c>{shard}</c> and <c>{replica}</c> (see <see cref="LocalClusterNode.ReplicaMacro"/>), runs the distributed DDL
/// queue (<c>ON CLUSTER</c>) and serves parts to its replicas over interserver HTTP. A replicated table typically
/// reads <c>ReplicatedMergeTree('/clickhouse/tables/{shard}/db/table', '{replica}')</c>.</para>
/// <para>Nodes and ZooKeeper are started, stopped and killed by pid; <see cref="DisposeAsync"/> kills them all and
/// deletes <see cref="Directory"/>.</para>
/// </remarks>
public sealed partial class LocalClickHouseCluster : IAsyncDisposable, IAbandonable
{
    private const int MaxPortAttempts = 3;
    private const int MaxNodes = 16;
    private const int PortsPerNode = 3;

    private readonly LocalClusterNode[] _nodes;
    private int _disposed;

    private LocalClickHouseCluster(string name, string directory, LocalZooKeeper zooKeeper, LocalClusterNode[] nodes)
    {
        Name = name;
        Directory = directory;
        ZooKeeper = zooKeeper;
        _nodes = nodes;
    }

    /// <summary>The cluster name, as in <c>ON CLUSTER name</c> and <c>Distributed(name, ...)</c>.</summary>
    public string Name { get; }

    /// <summary>The temp directory that holds ZooKeeper's and every node's configuration, data and logs.</summary>
    public string Directory { get; }

    /// <summary>The cluster's ZooKeeper.</summary>
    public LocalZooKeeper ZooKeeper { get; }

    /// <summary>Every node, shard by shard: replica 1 of shard 1, replica 2 of shard 1, ..., replica 1 of shard 2, ...</summary>
    public IReadOnlyList<LocalClusterNode> Nodes => _nodes;

    /// <summary>Number of shards.</summary>
    public int Shards => _nodes[^1].Shard;

    /// <summary>Replicas per shard.</summary>
    public int Replicas => _nodes.Length / Shards;

    /// <summary>The native endpoints of all nodes in <see cref="Nodes"/> order: <c>127.0.0.1:p1,127.0.0.1:p2,...</c>.</summary>
    public string HostList => string.Join(',', _nodes.Select(node => string.Create(CultureInfo.InvariantCulture, $"{node.Endpoint.Host}:{node.TcpPort}")));

    /// <summary>
    /// Starts ZooKeeper and every node, and returns once ZooKeeper serves and every node answers, lists the whole
    /// cluster in <c>system.clusters</c> and has a ZooKeeper session. If another process takes one of the chosen ports
    /// first, it starts over on new ones.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="ArgumentException">An option is out of range or the cluster name is not an identifier.</exception>
    /// <exception cref="InvalidOperationException">
    /// No clickhouse-server, Java or ZooKeeper was found, or a process exited while starting (the message carries its
    /// log tail).
    /// </exception>
    /// <exception cref="TimeoutException">Something was not ready within <see cref="LocalClusterOptions.StartTimeout"/>.</exception>
    public static async Task<LocalClickHouseCluster> StartAsync(LocalClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        LocalClickHouseServer.EnsureLinux(nameof(LocalClickHouseCluster));
        options ??= new LocalClusterOptions();
        Validate(options);
        var binary = ServerBinary.Resolve(options.ServerBinary);
        var runtime = ZooKeeperRuntime.Resolve(options.JavaPath, options.ZooKeeperClassPath);
        for (var attempt = 1; ; attempt++)
        {
            var cluster = Create(options, binary, runtime);
            try
            {
                await cluster.StartAllAsync(cancellationToken);
                return cluster;
            }
            catch (InvalidOperationException) when (attempt < MaxPortAttempts && cluster.AnyLogMentionsPortInUse())
            {
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The node that is replica <paramref name="replica"/> of shard <paramref name="shard"/> (both from 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such shard or replica.</exception>
    public LocalClusterNode Node(int shard, int replica)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shard, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shard, Shards);
        ArgumentOutOfRangeException.ThrowIfLessThan(replica, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replica, Replicas);
        return _nodes[((shard - 1) * Replicas) + replica - 1];
    }

    /// <summary>
    /// Kills every node and ZooKeeper (SIGKILL by pid: the data is deleted anyway) and deletes <see cref="Directory"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_nodes.Select(node => node.Server.DisposeAsync().AsTask()));
        await ZooKeeper.DisposeAsync();
        OrphanGuard.Untrack(this);
        DeleteDirectory();
    }

    /// <summary>Name, ZooKeeper and node endpoints; never a password.</summary>
    public override string ToString() => $"cluster {Name} ({Shards}x{Replicas}, {ZooKeeper}): {HostList}";

    /// <inheritdoc />
    void IAbandonable.AbandonOnExit()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
        }

        ZooKeeper.Kill();
        DeleteDirectory();
    }

    private static void Validate(LocalClusterOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Shards, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Replicas, 1, nameof(options));
        if (options.Shards * options.Replicas > MaxNodes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"{options.Shards} shards x {options.Replicas} replicas is more than {MaxNodes} local nodes.");
        }

        if (!Identifier().IsMatch(options.ClusterName ?? string.Empty))
        {
            throw new ArgumentException(
                $"The cluster name '{options.ClusterName}' is not an identifier: use letters, digits and '_', not starting with a digit.",
                nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.ZooKeeperHeapMegabytes, 32, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ZooKeeperSessionTimeout, TimeSpan.FromSeconds(2), nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ZooKeeperSessionTimeout, TimeSpan.FromSeconds(60), nameof(options));
        LocalClickHouseServer.ValidateTimeouts(options.StartTimeout, options.StopGracePeriod, nameof(options));
    }

    /// <summary>Lays out the directory, picks every port at once and writes every configuration; starts nothing.</summary>
    private static LocalClickHouseCluster Create(LocalClusterOptions options, ServerBinary binary, ZooKeeperRuntime runtime)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("ja4data-cluster-").FullName;
        try
        {
            var free = LoopbackPorts.Pick(1 + (options.Shards * options.Replicas * PortsPerNode));
            var zooKeeperPort = free[0];
            var ports = Enumerable.Range(0, options.Shards * options.Replicas)
                .Select(i => ServerPorts.Take(free.AsSpan(1 + (i * PortsPerNode), PortsPerNode), withTls: false, withInterserver: true))
                .ToArray();
            var topology = new ClusterTopology(
                options.ClusterName,
                zooKeeperPort,
                options.ZooKeeperSessionTimeout,
                Enumerable.Range(0, options.Shards)
                    .Select(shard => (IReadOnlyList<int>)ports.Skip(shard * options.Replicas).Take(options.Replicas).Select(p => p.Tcp).ToArray())
                    .ToArray());
            var zooKeeper = LocalZooKeeper.Create(runtime, ServerLayout.CreateIn(directory, "zookeeper"), zooKeeperPort, options);
            var nodeOptions = new LocalServerOptions
            {
                EnableTls = false,
                StartTimeout = options.StartTimeout,
                StopGracePeriod = options.StopGracePeriod,
            };
            var nodes = new LocalClusterNode[ports.Length];
            for (var i = 0; i < nodes.Length; i++)
            {
                var seat = new ClusterSeat(topology, Shard: (i / options.Replicas) + 1, Replica: (i % options.Replicas) + 1);
                var server = LocalClickHouseServer.CreateClusterNode(
                    nodeOptions,
                    binary,
                    ServerLayout.CreateIn(directory, seat.ReplicaMacro),
                    ports[i],
                    seat,
                    SeesClusterAsync(ports[i].Http, topology, zooKeeper));
                nodes[i] = new LocalClusterNode(seat, server, ports[i].Interserver!.Value);
            }

            var cluster = new LocalClickHouseCluster(options.ClusterName, directory, zooKeeper, nodes);
            OrphanGuard.Track(cluster);
            return cluster;
        }
        catch
        {
            // Nothing runs yet: the files are all there is to clean up.
            ServerLayout.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>
    /// A node is part of the cluster once <c>system.clusters</c> lists every node and, while ZooKeeper runs, it can
    /// read ZooKeeper (which opens its session). Node-local: a node restarted while ZooKeeper is down is still ready.
    /// </summary>
    private static ReadinessCheck SeesClusterAsync(int httpPort, ClusterTopology topology, LocalZooKeeper zooKeeper)
    {
        var expectedRows = topology.NodeCount.ToString(CultureInfo.InvariantCulture);
        var clusterRows = $"SELECT count() FROM system.clusters WHERE cluster = '{topology.Name}'";
        return async (timeout, cancellationToken) =>
            await ReadinessProbe.QueryAsync(httpPort, clusterRows, timeout, cancellationToken) == expectedRows
            && (!zooKeeper.IsRunning
                || await ReadinessProbe.QueryAsync(httpPort, "SELECT count() FROM system.zookeeper WHERE path = '/'", timeout, cancellationToken) is not null);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>
    /// Starts ZooKeeper, then the nodes side by side. ZooKeeper goes first because a node that connects while
    /// ZooKeeper is still loading can hang in its handshake for a whole session timeout. The first node that fails
    /// cancels the other starts, so a broken node does not leave the rest waiting for the timeout.
    /// </summary>
    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        await ZooKeeper.EnsureRunningAsync(cancellationToken);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        async Task StartNodeAsync(LocalClusterNode node)
        {
            try
            {
                await node.Server.EnsureRunningAsync(failed.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !failed.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref first, ex, null);
                await failed.CancelAsync();
                throw;
            }
        }

        try
        {
            await Task.WhenAll(_nodes.Select(StartNodeAsync));
        }
        catch when (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }

    private bool AnyLogMentionsPortInUse() =>
        ZooKeeper.Layout.LogsMentionPortInUse() || _nodes.Any(node => node.Server.Layout.LogsMentionPortInUse());

    private void DeleteDirectory() => ServerLayout.DeleteDirectory(Directory);
}
