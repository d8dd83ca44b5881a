using System.Diagnostics;
using Ja4Data.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// A bounded pool of connectors. A FIFO gate of <see cref="ClickHouseSettings.PoolMaxSize"/> permits bounds the open
/// connections: a connector is either idle in the store or held by exactly one permit holder, and a new one is
/// opened only by a permit holder that found the store empty. Idle connectors live in a LIFO store
/// (<see cref="IdleConnectorStore"/>, which says why it is not an ObjectPool); what comes back is vetted before it is
/// kept, and a lease vets what it takes (a local liveness check always, a ping after idling) so callers never receive
/// a stale connection. A background sweep prunes and tops up (ConnectorPool.Maintenance.cs).
/// </summary>
internal sealed partial class ConnectorPool : IDisposable
{
    private static int _nextId;

    private readonly ClickHouseSettings _settings;
    private readonly TimeProvider _time;
    private readonly ConnectorFactory _open;
    private readonly PoolGate _gate;
    private readonly IdleConnectorStore _idle;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly ILogger _connectionLog;
    private readonly ILogger _poolLog;
    private int _generation;
    private int _inUse;
    private int _total;
    private volatile bool _disposed;

    /// <param name="settings">Validated settings: bound, timeouts, lifetime.</param>
    /// <param name="timeProvider">The pool's clock (acquire timeout, idle and lifetime ages, the sweep); tests pass a fake one.</param>
    /// <param name="open">Opens connections; tests substitute it.</param>
    /// <param name="loggerFactory">Where connection and pool events are logged; null logs nothing.</param>
    public ConnectorPool(ClickHouseSettings settings, TimeProvider? timeProvider = null, ConnectorFactory? open = null, ILoggerFactory? loggerFactory = null)
    {
        _connectionLog = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Ja4DataTelemetry.ConnectionLogCategory);
        _poolLog = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Ja4DataTelemetry.PoolLogCategory);
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _open = open ?? ClickHouseConnector.OpenAsync;
        _gate = new PoolGate(settings.PoolMaxSize, _time);
        _idle = new IdleConnectorStore();
        Name = $"{new ClickHouseHost(settings.Host, settings.Port)}/{settings.Database}#{NextId()}";
        _tags = Ja4DataMetrics.PoolTags(Name, settings.Host, settings.Port);
        Ja4DataMetrics.Register(this);
        _sweepTimer = StartSweeping();
    }

    /// <summary>Identifies the pool in metrics: host, port, database and a per-process number; no credentials.</summary>
    public string Name { get; }

    /// <summary>
    /// What every measurement of this pool carries: its <see cref="Name"/>, and the server's address and port
    /// (<c>server.address</c>, <c>server.port</c>), so a multi-host data source's hosts stay apart.
    /// </summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags;

    /// <summary>The health of the host this pool connects to, when its data source has several hosts; null otherwise.</summary>
    public HostHealth? Health { get; set; }

    public int MaxSize => _settings.PoolMaxSize;

    /// <summary><c>host:port</c> of the pool's server, for log messages.</summary>
    private string Server => $"{_settings.Host}:{_settings.Port}";

    /// <summary>Connectors leased to callers (including leases still opening their connection).</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Open connectors waiting in the store.</summary>
    public int Idle => _idle.Count;

    /// <summary>Open connectors, leased or idle: never above <see cref="MaxSize"/>.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Callers queued for a permit.</summary>
    public int Waiting => _gate.Waiting;

    /// <summary>
    /// Leases a ready connector: waits in line for a permit (up to PoolAcquireTimeout, then
    /// <see cref="ClickHousePoolExhaustedException"/>), then takes the most recently used healthy idle connector or
    /// opens a new one. With <paramref name="async"/> false it blocks the calling thread only.
    /// </summary>
    public async ValueTask<ClickHouseConnector> RentAsync(bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = _time.GetTimestamp();
        if (!_gate.TryEnter() && !await _gate.EnterAsync(_settings.PoolAcquireTimeout, async, cancellationToken))
        {
            var waited = _time.GetElapsedTime(started);
            Ja4DataMetrics.AcquireWaitTime.Record(waited.TotalSeconds, _tags);
            Ja4DataMetrics.AcquireTimeouts.Add(1, _tags);
            Ja4DataLog.PoolExhausted(_poolLog, Name, MaxSize, waited.TotalMilliseconds);
            // Permits held, not leases counted: a lease being returned still holds its permit, and that is why we waited.
            throw new ClickHousePoolExhaustedException(MaxSize, MaxSize - _gate.Available, waited);
        }

        Ja4DataMetrics.AcquireWaitTime.Record(_time.GetElapsedTime(started).TotalSeconds, _tags);
        Interlocked.Increment(ref _inUse);
        try
        {
            return await TakeIdleOrOpenAsync(async, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _inUse);
            _gate.Release();
            throw;
        }
    }

    private async ValueTask<ClickHouseConnector> TakeIdleOrOpenAsync(bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_idle.TryTake(out var slot))
            {
                return await OpenAsync(new ConnectorSlot(), async, cancellationToken);
            }

            var connector = slot.Connector!;

            if (LeaseVerdict(slot) is { } reason)
            {
                Discard(slot, reason);
                continue;
            }

            if (_time.GetElapsedTime(slot.IdleSince) > _settings.PoolValidateAfterIdle)
            {
                try
                {
                    await connector.PingAsync(async, cancellationToken);
                }
                catch (ClickHouseConnectionException)
                {
                    // The server restarted, failed over or dropped the idle socket: not the caller's problem.
                    Discard(slot, DiscardReason.PingFailed);
                    continue;
                }
                catch
                {
                    // Cancelled mid-ping: the reply may still be in flight, so the stream position is unknown.
                    Discard(slot, DiscardReason.Interrupted);
                    throw;
                }
            }

            return connector;
        }
    }

    private async ValueTask<ClickHouseConnector> OpenAsync(ConnectorSlot slot, bool async, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ClickHouseConnector connector;
        try
        {
            connector = await _open(_settings, async, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Ja4DataLog.ConnectionFailed(_connectionLog, Server, _settings.User, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message, Name);
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Interlocked.Increment(ref _total);
        Ja4DataMetrics.ConnectionsCreated.Add(1, _tags);
        Ja4DataMetrics.CreateTime.Record(elapsed.TotalSeconds, _tags);
        Ja4DataLog.ConnectionOpened(_connectionLog, Server, _settings.User, _settings.Database, connector.Server.Version, connector.Revision, elapsed.TotalMilliseconds, Name);
        connector.Pool = this;
        slot.Connector = connector;
        slot.Generation = Volatile.Read(ref _generation);
        slot.OpenedAt = slot.IdleSince = _time.GetTimestamp();
        connector.PoolSlot = slot;
        return connector;
    }

    /// <summary>Gives a leased connector back; broken, dirty, outdated or expired ones are closed instead of kept.</summary>
    public void Return(ClickHouseConnector connector)
    {
        Interlocked.Decrement(ref _inUse);
        try
        {
            if (connector.PoolSlot is { } slot)
            {
                KeepIdle(slot);
            }
            else
            {
                connector.Dispose();
            }
        }
        finally
        {
            // Only after the connector is idle or closed: the next permit holder may then open a new one.
            _gate.Release();
        }
    }

    private void KeepIdle(ConnectorSlot slot)
    {
        if (_disposed)
        {
            Discard(slot, DiscardReason.PoolDisposed);
            return;
        }

        if (slot.Connector is null)
        {
            return; // already discarded
        }

        // Broken, dirty, outdated or expired connectors are closed here, so the store only ever holds usable ones.
        if (UnusableReason(slot) is { } reason)
        {
            Discard(slot, reason);
            return;
        }

        slot.IdleSince = _time.GetTimestamp();
        _idle.Add(slot);
        if (_disposed)
        {
            // Dispose drained the store between our check and the return.
            DrainIdle(DiscardReason.PoolDisposed);
        }
    }

    /// <summary>Why a connector coming back must not be kept; null when it may be.</summary>
    private string? UnusableReason(ConnectorSlot slot)
    {
        var connector = slot.Connector!;
        if (connector.IsBroken)
        {
            return DiscardReason.Broken;
        }

        if (connector.State != ConnectorState.Ready || connector.CurrentQuery is not null)
        {
            return DiscardReason.Dirty;
        }

        if (slot.Generation != Volatile.Read(ref _generation))
        {
            return DiscardReason.Cleared;
        }

        return _settings.PoolConnectionLifetime > TimeSpan.Zero && _time.GetElapsedTime(slot.OpenedAt) >= _settings.PoolConnectionLifetime
            ? DiscardReason.Expired
            : null;
    }

    // What a lease (and the sweep) checks on top of the return rules: the socket-level liveness check.
    private string? LeaseVerdict(ConnectorSlot slot)
        => UnusableReason(slot) ?? (slot.Connector!.IsIdleHealthy() ? null : DiscardReason.Unhealthy);

    /// <summary>Closes the slot's connector and counts it.</summary>
    private void Discard(ConnectorSlot slot, string reason)
    {
        if (slot.Connector is not { } connector)
        {
            return;
        }

        slot.Connector = null;
        connector.PoolSlot = null;
        connector.Dispose();
        Interlocked.Decrement(ref _total);
        Ja4DataMetrics.ConnectionsDiscarded.Add(1, [.. _tags, new KeyValuePair<string, object?>(Ja4DataMetrics.ReasonTag, reason)]);
        if (reason == DiscardReason.Broken)
        {
            Ja4DataLog.ConnectionBroken(_connectionLog, Server, connector.BreakReason?.Message ?? "the connection ended", Name);
        }
        else
        {
            Ja4DataLog.ConnectionClosed(_connectionLog, Server, reason, Name);
        }
    }

    /// <summary>
    /// Closes every idle connector now and marks the leased ones so they are closed when they come back; later leases
    /// open new connections (ClickHouseClient.Close, ClickHouseConnection.ClearAllPools).
    /// </summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        DrainIdle(DiscardReason.Cleared);
    }

    private void DrainIdle(string reason) => _idle.DiscardWhere(_ => reason, Discard);

    /// <summary>A number that tells pools (and multi-host pools) of one process apart in their names.</summary>
    internal static int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Closes everything; queued callers fail, leased connectors are closed when returned.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sweepTimer.Dispose();
        _gate.Close(new ObjectDisposedException(nameof(ConnectorPool), $"The connection pool {Name} was disposed."));
        Interlocked.Increment(ref _generation);
        DrainIdle(DiscardReason.PoolDisposed);
        Ja4DataMetrics.Unregister(this);
    }
}
