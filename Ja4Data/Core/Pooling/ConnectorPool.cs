using System.Diagnostics;
using Microsoft.Extensions.ObjectPool;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// A bounded pool of connectors. Permits bound the total number of connections (leased + idle); idle connectors
/// live in a <see cref="Microsoft.Extensions.ObjectPool"/> store whose policy discards anything unusable. A lease
/// validates what it takes (age, generation, a ping after idling) so callers never receive a stale connection.
/// </summary>
internal sealed class ConnectorPool : IDisposable
{
    private readonly ClickHouseSettings _settings;
    private readonly SemaphoreSlim _permits;
    private readonly ObjectPool<ConnectorSlot> _idle;
    private int _generation;
    private int _leased;
    private bool _disposed;

    public ConnectorPool(ClickHouseSettings settings)
    {
        _settings = settings;
        _permits = new SemaphoreSlim(settings.PoolMaxSize, settings.PoolMaxSize);
        _idle = new DefaultObjectPool<ConnectorSlot>(new ConnectorPoolPolicy(this), settings.PoolMaxSize);
    }

    public int MaxSize => _settings.PoolMaxSize;

    public int Leased => Volatile.Read(ref _leased);

    /// <summary>Leases a ready connector, opening one if no idle connector is usable.</summary>
    public async ValueTask<ClickHouseConnector> RentAsync(bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        var acquired = async
            ? await _permits.WaitAsync(_settings.PoolAcquireTimeout, cancellationToken)
            : _permits.Wait(_settings.PoolAcquireTimeout, cancellationToken);
        if (!acquired)
        {
            throw new ClickHousePoolExhaustedException(MaxSize, Leased, Stopwatch.GetElapsedTime(started));
        }

        try
        {
            var connector = await TakeIdleOrOpenAsync(async, cancellationToken);
            Interlocked.Increment(ref _leased);
            return connector;
        }
        catch
        {
            _permits.Release();
            throw;
        }
    }

    private async ValueTask<ClickHouseConnector> TakeIdleOrOpenAsync(bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = _idle.Get();
            if (slot.Connector is not { } connector)
            {
                connector = await ClickHouseConnector.OpenAsync(_settings, async, cancellationToken);
                connector.PoolGeneration = Volatile.Read(ref _generation);
                connector.PoolSlot = slot;
                slot.Connector = connector;
                return connector;
            }

            if (!IsReusable(connector))
            {
                Discard(connector, "expired or broken while idle");
                continue;
            }

            if (Stopwatch.GetElapsedTime(connector.LastUsedAt) > _settings.PoolValidateAfterIdle)
            {
                try
                {
                    await connector.PingAsync(async, cancellationToken);
                }
                catch (ClickHouseConnectionException)
                {
                    // The server restarted or dropped the idle socket: not the caller's problem, take another.
                    Discard(connector, "failed the ping before lease");
                    continue;
                }
            }

            return connector;
        }
    }

    /// <summary>Gives a connector back; broken, dirty or outdated ones are disposed instead of kept.</summary>
    public void Return(ClickHouseConnector connector)
    {
        Interlocked.Decrement(ref _leased);
        try
        {
            if (connector.PoolSlot is { } slot && !_disposed)
            {
                _idle.Return(slot);
            }
            else
            {
                Discard(connector, "pool closed");
            }
        }
        finally
        {
            _permits.Release();
        }
    }

    internal bool IsReusable(ClickHouseConnector connector)
        => connector.State == ConnectorState.Ready
           && connector.PoolGeneration == Volatile.Read(ref _generation)
           && (_settings.PoolConnectionLifetime <= TimeSpan.Zero || ConnectorPoolPolicy.Age(connector) < _settings.PoolConnectionLifetime)
           && Stopwatch.GetElapsedTime(connector.LastUsedAt) < _settings.PoolIdleTimeout;

    internal static void Discard(ClickHouseConnector connector, string reason)
    {
        _ = reason;
        connector.PoolSlot = null;
        connector.Dispose();
    }

    /// <summary>Closes every idle connector; leased ones are closed when they come back. Later leases connect anew.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        DrainIdle();
    }

    private void DrainIdle()
    {
        // Taking slots until an empty one appears empties the store; the policy refuses outdated ones on return.
        while (_idle.Get() is { Connector: { } connector })
        {
            Discard(connector, "pool cleared");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Clear();
    }
}
