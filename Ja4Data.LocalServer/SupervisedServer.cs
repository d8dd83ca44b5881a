namespace Ja4Data.LocalServer;

/// <summary>
/// The life cycle of one throw-away server (a clickhouse-server, or a cluster's ZooKeeper): start and wait until it is
/// ready, stop, kill, pause, resume, start again on the same ports and directory, and at the end kill it and delete
/// its directory. Life-cycle calls are serialised; <see cref="Kill"/> is not, so it can end a start that hangs.
/// </summary>
/// <param name="name">What runs, for messages.</param>
/// <param name="layout">The server's directory; deleted on dispose.</param>
/// <param name="startProcess">Starts one run of the server.</param>
/// <param name="readiness">When a run can take work.</param>
/// <param name="listening">The ports it listens on, for messages.</param>
/// <param name="startTimeout">How long a start may take.</param>
/// <param name="stopGracePeriod">How long a stop waits after SIGTERM before SIGKILL.</param>
internal sealed class SupervisedServer(
    string name,
    ServerLayout layout,
    Func<ServerProcess> startProcess,
    ReadinessCheck readiness,
    string listening,
    TimeSpan startTimeout,
    TimeSpan stopGracePeriod) : IAsyncDisposable, IAbandonable
{
    private readonly string _name = name;
    private readonly Func<ServerProcess> _startProcess = startProcess;
    private readonly ReadinessCheck _readiness = readiness;
    private readonly string _listening = listening;
    private readonly TimeSpan _startTimeout = startTimeout;
    private readonly TimeSpan _stopGracePeriod = stopGracePeriod;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ServerProcess? _process;
    private int _disposed;

    public ServerLayout Layout { get; } = layout;

    /// <summary>Pid of the current (or last) run; 0 before the first.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Whether the process is alive (it may be paused).</summary>
    public bool IsRunning => _process is { HasExited: false };

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Starts a run and waits until it is ready. With <paramref name="restart"/> a running server is stopped first;
    /// without, a running server is left as it is.
    /// </summary>
    public async Task StartAsync(bool restart, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, _name);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (restart)
            {
                await StopCoreAsync(cancellationToken);
            }
            else if (IsRunning)
            {
                return;
            }

            _process?.Dispose();
            var started = _startProcess();
            _process = started;
            OrphanGuard.Track(this);
            try
            {
                await ReadinessProbe.WaitUntilReadyAsync(started, Layout, _listening, _readiness, _startTimeout, cancellationToken);
            }
            catch
            {
                started.Kill();
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Graceful stop (see <see cref="ServerProcess.StopAsync"/>); does nothing if not running or disposed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (IsDisposed)
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

    /// <summary>SIGKILL; returns when the process is gone.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>SIGSTOP, and waits until the kernel reports the process stopped.</summary>
    public void Pause()
    {
        var current = RunningProcess();
        current.Signal(UnixSignals.Stop);
        current.WaitForStoppedState(stopped: true, ServerProcess.SignalWait);
    }

    /// <summary>SIGCONT, and waits until the kernel reports the process running.</summary>
    public void Resume()
    {
        var current = RunningProcess();
        current.Signal(UnixSignals.Continue);
        current.WaitForStoppedState(stopped: false, ServerProcess.SignalWait);
    }

    /// <summary>
    /// Kills the process and deletes the directory. No graceful stop: the data is deleted anyway, and a graceful stop
    /// costs about a second per server.
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
            Layout.Delete();
        }
        finally
        {
            _lifecycle.Release();
            _lifecycle.Dispose();
        }
    }

    /// <inheritdoc />
    public void AbandonOnExit()
    {
        Kill();
        Layout.Delete();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (_process is { } current)
        {
            await current.StopAsync(_stopGracePeriod, cancellationToken);
        }
    }

    private ServerProcess RunningProcess()
    {
        var current = _process;
        return current is not null && !current.HasExited
            ? current
            : throw new InvalidOperationException($"The {_name} is not running.");
    }
}
