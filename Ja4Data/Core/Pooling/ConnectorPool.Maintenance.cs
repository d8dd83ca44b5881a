namespace Ja4Data.Core.Pooling;

internal sealed partial class ConnectorPool
{
    private readonly ITimer _sweepTimer;
    private int _sweeping;

    /// <summary>How often the sweep runs: half the idle timeout, between 1 s and 15 s.</summary>
    internal static TimeSpan SweepInterval(ClickHouseSettings settings)
        => TimeSpan.FromTicks(Math.Clamp(settings.PoolIdleTimeout.Ticks / 2, TimeSpan.TicksPerSecond, 15 * TimeSpan.TicksPerSecond));

    private ITimer StartSweeping()
    {
        var interval = SweepInterval(_settings);
        // The timer holds the pool weakly: an abandoned, undisposed pool can still be collected.
        return _time.CreateTimer(
            static s =>
            {
                if (((WeakReference<ConnectorPool>)s!).TryGetTarget(out var pool))
                {
                    pool.Sweep();
                }
            },
            new WeakReference<ConnectorPool>(this),
            _settings.PoolMinSize > 0 ? TimeSpan.Zero : interval,
            interval);
    }

    /// <summary>
    /// Closes idle connectors that are unusable (broken, closed by the server, outdated, too old) or idle longer than
    /// PoolIdleTimeout while the pool is above PoolMinSize, then opens connectors up to PoolMinSize in the background.
    /// </summary>
    internal void Sweep()
    {
        if (_disposed || Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        _idle.DiscardWhere(PruneVerdict, Discard);
        if (Total < _settings.PoolMinSize)
        {
            _ = TopUpAsync();
        }
        else
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private string? PruneVerdict(ConnectorSlot slot)
        => LeaseVerdict(slot)
           ?? (Total > _settings.PoolMinSize && _time.GetElapsedTime(slot.IdleSince) > _settings.PoolIdleTimeout ? DiscardReason.IdleTimeout : null);

    // Warm connections are opened only with a free permit and nobody waiting: warming never delays a caller.
    private async Task TopUpAsync()
    {
        try
        {
            while (!_disposed && Total < _settings.PoolMinSize && _gate.TryEnter())
            {
                try
                {
                    var slot = new ConnectorSlot();
                    await OpenAsync(slot, async: true, CancellationToken.None);
                    KeepIdle(slot);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (Exception ex) when (ex is ClickHouseException or ObjectDisposedException or OperationCanceledException)
        {
            // Server unreachable: the next sweep tries again, and leases report the error to their callers.
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
