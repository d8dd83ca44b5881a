namespace Ja4Data.Core.Pooling;

/// <summary>
/// Whether one host of a multi-host pool takes leases. A host is <b>up</b> until a lease fails to reach it (refused,
/// reset, timed out: <see cref="MarkDown"/>); it is then <b>down</b>: skipped while other hosts answer, and probed
/// in the background every <see cref="RecheckInterval"/> until a probe (or a lease of last resort, when no other host
/// answered) reaches it again (<see cref="MarkUp"/>). Authentication, TLS certificate and SQL errors never mark a
/// host down: another host would fail the same way, and the caller must see them.
/// </summary>
/// <remarks>
/// The probe is the caller's (<see cref="ClusterHost"/> opens and closes one connection); this class only decides
/// when it runs: one probe at a time, on <see cref="TimeProvider"/>'s timer, so tests drive it with a fake clock.
/// </remarks>
internal sealed class HostHealth : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, ValueTask> _probe;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private volatile bool _down;
    private long _downSince;
    private Exception? _lastFailure;
    private int _probing;
    private int _probes;

    /// <param name="time">The clock of the recheck timer and of <see cref="DownFor"/>.</param>
    /// <param name="recheckInterval">How long a down host is skipped before the next probe.</param>
    /// <param name="probe">Reaches the host once; throws when it cannot.</param>
    public HostHealth(TimeProvider time, TimeSpan recheckInterval, Func<CancellationToken, ValueTask> probe)
    {
        _time = time;
        RecheckInterval = recheckInterval;
        _probe = probe;
    }

    public TimeSpan RecheckInterval { get; }

    public bool IsDown => _down;

    /// <summary>The failure that marked the host down, or that the last probe met since; null while up.</summary>
    public Exception? LastFailure
    {
        get
        {
            lock (_lock)
            {
                return _down ? _lastFailure : null;
            }
        }
    }

    /// <summary>How long the host has been down; zero while up.</summary>
    public TimeSpan DownFor
    {
        get
        {
            lock (_lock)
            {
                return _down ? _time.GetElapsedTime(_downSince) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Probes run so far (successful or not), for tests and diagnostics.</summary>
    public int Probes => Volatile.Read(ref _probes);

    /// <summary>Marks the host down after <paramref name="failure"/>; true when it was up (a transition).</summary>
    public bool MarkDown(Exception failure)
    {
        lock (_lock)
        {
            _lastFailure = failure;
            if (_down || _disposed.IsCancellationRequested)
            {
                return false;
            }

            _down = true;
            _downSince = _time.GetTimestamp();
            _timer = _time.CreateTimer(static s => ((HostHealth)s!).ProbeDue(), this, RecheckInterval, RecheckInterval);
            return true;
        }
    }

    /// <summary>Marks the host up after something reached it; true when it was down (a rejoin).</summary>
    public bool MarkUp()
    {
        if (!_down)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_down)
            {
                return false;
            }

            _down = false;
            _lastFailure = null;
            _timer?.Dispose();
            _timer = null;
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed.Cancel();
            _timer?.Dispose();
            _timer = null;
        }
    }

    // One probe at a time: a host that takes longer than the interval to refuse is not probed twice at once.
    private void ProbeDue()
    {
        if (!_down || Interlocked.Exchange(ref _probing, 1) != 0)
        {
            return;
        }

        Interlocked.Increment(ref _probes);
        _ = ProbeAsync();
    }

    private async Task ProbeAsync()
    {
        try
        {
            await _probe(_disposed.Token);
            MarkUp();
        }
        catch (Exception ex) when (ex is ClickHouseException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_disposed.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _lastFailure = ex;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }
}
