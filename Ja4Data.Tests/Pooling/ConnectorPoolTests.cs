using System.Diagnostics.Metrics;
using Ja4Data.Core;
using Ja4Data.Core.Pooling;
using Ja4Data.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Ja4Data.Tests.Pooling;

[TestFixture]
public sealed class ConnectorPoolTests
{
    private FakeNativeServer _server = null!;
    private FakeTimeProvider _time = null!;
    private bool _answerPings;

    [SetUp]
    public void StartServer()
    {
        _answerPings = true;
        _time = new FakeTimeProvider();
        _server = new FakeNativeServer(FakeScripts.HandshakeThenPongs(() => Volatile.Read(ref _answerPings)));
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Rent_ReturnThenRentAgain_ReusesTheConnection()
    {
        using var pool = Pool();

        var first = await RentAsync(pool);
        pool.Return(first);
        var second = await RentAsync(pool);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(_server.Accepted, Is.EqualTo(1));
            Assert.That((pool.InUse, pool.Idle, pool.Total), Is.EqualTo((1, 0, 1)));
        });
        pool.Return(second);
    }

    [Test]
    public void Rent_SyncPath_OpensAndReturns()
    {
        using var pool = Pool();

        var connector = SyncCompletion.Result(pool.RentAsync(async: false, CancellationToken.None));
        pool.Return(connector);

        Assert.That((connector.State, pool.Idle), Is.EqualTo((ConnectorState.Ready, 1)));
    }

    [Test]
    public async Task Rent_AllLeasedPastAcquireTimeout_ThrowsPoolExhaustedWithMaxInUseAndWait()
    {
        using var pool = Pool(Settings(maxSize: 2) with { PoolAcquireTimeout = TimeSpan.FromMilliseconds(750) });
        using var metrics = new MetricsRecorder(pool.Name);
        var a = await RentAsync(pool);
        var b = await RentAsync(pool);

        var third = pool.RentAsync(async: true, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(750));
        var error = Assert.ThrowsAsync<ClickHousePoolExhaustedException>(async () => await third.WaitAsync(TimeSpan.FromSeconds(5)))!;

        Assert.Multiple(() =>
        {
            Assert.That((error.MaxSize, error.InUse, error.Waited), Is.EqualTo((2, 2, TimeSpan.FromMilliseconds(750))));
            Assert.That(error.Message, Does.Contain("CLICKHOUSE_POOL_MAX_SIZE").And.Contain("CLICKHOUSE_POOL_ACQUIRE_TIMEOUT").And.Contain("750 ms"));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(metrics.Sum("db.client.connection.timeouts"), Is.EqualTo(1));
            Assert.That(_server.Accepted, Is.EqualTo(2), "a timed-out lease opens nothing");
        });
        pool.Return(a);
        pool.Return(b);
    }

    [Test]
    public async Task Return_WhileOthersWait_HandsTheConnectionToTheOldestWaiter()
    {
        using var pool = Pool(Settings(maxSize: 1));
        var held = await RentAsync(pool);
        var first = pool.RentAsync(async: true, CancellationToken.None).AsTask();
        var second = pool.RentAsync(async: true, CancellationToken.None).AsTask();

        pool.Return(held);
        var gotFirst = await first.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(gotFirst, Is.SameAs(held));
            Assert.That(second.IsCompleted, Is.False);
            Assert.That(pool.Waiting, Is.EqualTo(1));
        });
        pool.Return(gotFirst);
        pool.Return(await second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.That(_server.Accepted, Is.EqualTo(1));
    }

    [Test]
    public async Task Return_BrokenConnector_IsClosedAndNeverLeasedAgain()
    {
        using var pool = Pool();
        using var metrics = new MetricsRecorder(pool.Name);
        var broken = await RentAsync(pool);
        broken.Break(new IOException("test"));

        pool.Return(broken);
        var next = await RentAsync(pool);

        Assert.Multiple(() =>
        {
            Assert.That(next, Is.Not.SameAs(broken));
            Assert.That(_server.Accepted, Is.EqualTo(2));
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.Broken), Is.EqualTo(1));
            Assert.That(pool.Total, Is.EqualTo(1));
        });
        pool.Return(next);
    }

    [Test]
    public async Task Return_ConnectorWithAStatementRunning_IsClosedAsDirty()
    {
        using var pool = Pool();
        using var metrics = new MetricsRecorder(pool.Name);
        var busy = await RentAsync(pool);
        await busy.SendQueryAsync(new QueryRequest("SELECT 1"), async: true, CancellationToken.None);

        pool.Return(busy);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.Dirty), Is.EqualTo(1));
            Assert.That((pool.Idle, pool.Total), Is.EqualTo((0, 0)));
            Assert.That(busy.State, Is.EqualTo(ConnectorState.Closed));
        });
    }

    [Test]
    public async Task Rent_AfterTheServerDroppedIdleConnections_OpensAFreshOneWithoutError()
    {
        using var pool = Pool();
        using var metrics = new MetricsRecorder(pool.Name);
        var a = await RentAsync(pool);
        var b = await RentAsync(pool);
        pool.Return(a);
        pool.Return(b);

        _server.DropAll();
        await _server.WaitForOpenAsync(0);
        var fresh = await WaitForEofThenRentAsync(pool, a, b);

        Assert.Multiple(() =>
        {
            Assert.That(fresh, Is.Not.SameAs(a).And.Not.SameAs(b));
            Assert.That(fresh.State, Is.EqualTo(ConnectorState.Ready));
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.Unhealthy), Is.EqualTo(2));
            Assert.That(pool.Total, Is.EqualTo(1));
        });
        pool.Return(fresh);
    }

    [Test]
    public async Task Rent_IdleLongerThanValidateAfterIdleAndNoPong_DiscardsItAndOpensAnother()
    {
        var settings = Settings() with { PoolValidateAfterIdle = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromMilliseconds(300) };
        using var pool = Pool(settings);
        using var metrics = new MetricsRecorder(pool.Name);
        var stale = await RentAsync(pool);
        pool.Return(stale);
        _answerPings = false;

        _time.Advance(TimeSpan.FromSeconds(6));
        var fresh = await RentAsync(pool);

        Assert.Multiple(() =>
        {
            Assert.That(fresh, Is.Not.SameAs(stale));
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.PingFailed), Is.EqualTo(1));
            Assert.That(_server.Accepted, Is.EqualTo(2));
        });
        pool.Return(fresh);
    }

    [Test]
    public async Task Rent_IdleShorterThanValidateAfterIdle_SkipsThePing()
    {
        using var pool = Pool(Settings() with { PoolValidateAfterIdle = TimeSpan.FromSeconds(5) });
        var first = await RentAsync(pool);
        pool.Return(first);
        _answerPings = false; // a ping now would time out and replace the connection

        _time.Advance(TimeSpan.FromSeconds(4));
        var again = await RentAsync(pool);

        Assert.That(again, Is.SameAs(first));
        pool.Return(again);
    }

    [Test]
    public async Task Sweep_IdlePastIdleTimeout_ClosesDownToTheMinimum()
    {
        using var pool = await WarmPoolAsync(Settings() with { PoolMinSize = 1, PoolIdleTimeout = TimeSpan.FromSeconds(10) });
        using var metrics = new MetricsRecorder(pool.Name);
        var leased = new List<ClickHouseConnector>();
        for (var i = 0; i < 3; i++)
        {
            leased.Add(await RentAsync(pool));
        }

        leased.ForEach(pool.Return);
        _time.Advance(TimeSpan.FromSeconds(11));
        await _server.WaitForOpenAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That((pool.Total, pool.Idle), Is.EqualTo((1, 1)));
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.IdleTimeout), Is.EqualTo(2));
            Assert.That(_server.Open, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Sweep_BelowTheMinimum_OpensWarmConnectionsInTheBackground()
    {
        using var pool = await WarmPoolAsync(Settings() with { PoolMinSize = 2 });

        Assert.Multiple(() =>
        {
            Assert.That((pool.Total, pool.Idle, pool.InUse), Is.EqualTo((2, 2, 0)));
            Assert.That(_server.Accepted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Sweep_IdleConnectionsTheServerClosed_AreClosedAndReplacedUpToTheMinimum()
    {
        using var pool = await WarmPoolAsync(Settings() with { PoolMinSize = 1 });

        _server.DropAll();
        await _server.WaitForOpenAsync(0);
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(ConnectorPool.SweepInterval(Settings()));
            return _server.Accepted == 2 && pool.Idle == 1;
        });

        Assert.Multiple(() =>
        {
            Assert.That((pool.Total, pool.Idle), Is.EqualTo((1, 1)));
            Assert.That(_server.Open, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Clear_ClosesIdleNowLeasedOnReturn_AndLaterLeasesConnectAnew()
    {
        using var pool = Pool();
        using var metrics = new MetricsRecorder(pool.Name);
        var leased = await RentAsync(pool);
        var idle = await RentAsync(pool);
        pool.Return(idle);

        pool.Clear();
        await _server.WaitForOpenAsync(1);
        var openWhileLeased = _server.Open;
        pool.Return(leased);
        await _server.WaitForOpenAsync(0);
        var next = await RentAsync(pool);

        Assert.Multiple(() =>
        {
            Assert.That(openWhileLeased, Is.EqualTo(1), "the leased connection stays usable until it is returned");
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.Cleared), Is.EqualTo(2));
            Assert.That(next, Is.Not.SameAs(leased).And.Not.SameAs(idle));
            Assert.That(_server.Accepted, Is.EqualTo(3));
        });
        pool.Return(next);
    }

    [Test]
    public async Task Return_OlderThanConnectionLifetime_IsClosedAsExpired()
    {
        using var pool = Pool(Settings() with { PoolConnectionLifetime = TimeSpan.FromMinutes(10) });
        using var metrics = new MetricsRecorder(pool.Name);
        var old = await RentAsync(pool);

        _time.Advance(TimeSpan.FromMinutes(10));
        pool.Return(old);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("ja4data.pool.connections.discarded", "reason", DiscardReason.Expired), Is.EqualTo(1));
            Assert.That(pool.Total, Is.Zero);
        });
    }

    [Test]
    public async Task Rent_OpenFails_ReleasesThePermit()
    {
        var failures = 1;
        ConnectorFactory open = (settings, async, ct) => Interlocked.Decrement(ref failures) >= 0
            ? throw new ClickHouseConnectionException("refused", ClickHouseOutcome.NotExecuted)
            : ClickHouseConnector.OpenAsync(settings, async, ct);
        using var pool = new ConnectorPool(Settings(maxSize: 1) with { PoolAcquireTimeout = TimeSpan.FromSeconds(1) }, TimeProvider.System, open);

        Assert.That(async () => await RentAsync(pool), Throws.InstanceOf<ClickHouseConnectionException>());
        var connector = await RentAsync(pool);

        Assert.That((pool.InUse, pool.Total), Is.EqualTo((1, 1)));
        pool.Return(connector);
    }

    [Test]
    public async Task Rent_CancelledWhileQueued_ThrowsAndKeepsThePermitCount()
    {
        using var pool = Pool(Settings(maxSize: 1));
        var held = await RentAsync(pool);
        using var cancel = new CancellationTokenSource();

        var waiting = pool.RentAsync(async: true, cancel.Token).AsTask();
        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        pool.Return(held);
        var again = await RentAsync(pool);
        Assert.That((again, pool.Waiting, pool.InUse), Is.EqualTo((held, 0, 1)));
        pool.Return(again);
    }

    [Test]
    public async Task ManyConcurrentCallers_SyncAndAsync_NeverMoreOpenConnectionsThanMaxSize()
    {
        const int max = 4;
        // Client sockets open or opening: counted up when a connect starts, down when the pool reports a discard.
        // (The fake server's own count lags behind closes, so it cannot serve as the bound.)
        var live = 0;
        var maxLive = 0;
        ConnectorFactory open = async (settings, async, ct) =>
        {
            AtomicMax.Raise(ref maxLive, Interlocked.Increment(ref live));
            try
            {
                return await ClickHouseConnector.OpenAsync(settings, async, ct);
            }
            catch
            {
                Interlocked.Decrement(ref live);
                throw;
            }
        };
        using var pool = new ConnectorPool(Settings(maxSize: max) with { PoolAcquireTimeout = TimeSpan.FromSeconds(30) }, TimeProvider.System, open);
        using var discards = new MeterListener();
        discards.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "ja4data.pool.connections.discarded")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        discards.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.client.connection.pool.name" && Equals(tag.Value, pool.Name))
                {
                    Interlocked.Decrement(ref live);
                }
            }
        });
        discards.Start();

        async Task Caller(bool async)
        {
            for (var i = 0; i < 20; i++)
            {
                var connector = await pool.RentAsync(async, CancellationToken.None);
                if (i % 7 == 0)
                {
                    connector.Break(new IOException("churn")); // forces reopening under contention
                }

                if (async)
                {
                    await Task.Yield();
                }
                else
                {
                    Thread.Yield();
                }

                pool.Return(connector);
            }
        }

        var callers = Enumerable.Range(0, 100).Select(i => i % 10 == 0
            ? Task.Factory.StartNew(() => Caller(async: false).GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.Run(() => Caller(async: true))).ToArray();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(maxLive, Is.InRange(1, max));
            Assert.That(pool.InUse, Is.Zero);
            Assert.That(pool.Total, Is.EqualTo(live));
            Assert.That(_server.Accepted, Is.GreaterThan(max), "the churn must have reopened connections");
        });
    }

    [Test]
    public async Task Dispose_FailsWaitersAndClosesIdleConnections()
    {
        var pool = Pool(Settings(maxSize: 1));
        var held = await RentAsync(pool);
        var waiting = pool.RentAsync(async: true, CancellationToken.None).AsTask();

        pool.Dispose();
        pool.Return(held);

        Assert.Multiple(async () =>
        {
            Assert.That(async () => await waiting, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(pool.Total, Is.Zero);
            Assert.That(held.State, Is.EqualTo(ConnectorState.Closed));
            await _server.WaitForOpenAsync(0);
            Assert.That(_server.Open, Is.Zero);
        });
    }

    [Test]
    public async Task Metrics_ReportCountByStateMaxCreatedCreateAndWaitTime()
    {
        using var pool = Pool();
        using var metrics = new MetricsRecorder(pool.Name);
        var a = await RentAsync(pool);
        var b = await RentAsync(pool);
        pool.Return(b);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Observe("db.client.connection.count", "db.client.connection.state", "used"), Is.EqualTo(1));
            Assert.That(metrics.Observe("db.client.connection.count", "db.client.connection.state", "idle"), Is.EqualTo(1));
            Assert.That(metrics.Observe("db.client.connection.max"), Is.EqualTo(pool.MaxSize));
            Assert.That(metrics.Observe("db.client.connection.pending_requests"), Is.Zero);
            Assert.That(metrics.Sum("ja4data.pool.connections.created"), Is.EqualTo(2));
            Assert.That(metrics.Values("db.client.connection.create_time"), Has.Count.EqualTo(2).And.All.GreaterThanOrEqualTo(0));
            Assert.That(metrics.Values("db.client.connection.wait_time"), Has.Count.EqualTo(2).And.All.GreaterThanOrEqualTo(0));
        });
        pool.Return(a);
    }

    private static async Task<ClickHouseConnector> WaitForEofThenRentAsync(ConnectorPool pool, params ClickHouseConnector[] dropped)
    {
        // The FIN crosses loopback asynchronously; the local check sees it once it has arrived.
        await Eventually.TrueAsync(() => dropped.All(c => !c.IsIdleHealthy()));
        return await RentAsync(pool);
    }

    private static ValueTask<ClickHouseConnector> RentAsync(ConnectorPool pool) => pool.RentAsync(async: true, CancellationToken.None);

    private ClickHouseSettings Settings(int maxSize = 4) => _server.Settings() with
    {
        PoolMaxSize = maxSize,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PoolAcquireTimeout = TimeSpan.FromSeconds(5),
    };

    private ConnectorPool Pool(ClickHouseSettings? settings = null) => new(settings ?? Settings(), _time);

    // A pool with a minimum size, once its background warm-up has opened that many connections and parked them idle.
    private async Task<ConnectorPool> WarmPoolAsync(ClickHouseSettings settings)
    {
        var pool = Pool(settings);
        await _server.WaitForOpenAsync(settings.PoolMinSize);
        await Eventually.TrueAsync(() => pool.Idle == settings.PoolMinSize);
        return pool;
    }
}
