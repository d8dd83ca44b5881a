using System.Collections.Concurrent;
using Ja4Data.Core;
using Ja4Data.Core.Pooling;
using Microsoft.Extensions.Time.Testing;

namespace Ja4Data.Tests.Pooling;

/// <summary>
/// A data source over several hosts, against in-process fake servers: leases fail over past hosts that cannot be
/// reached, such hosts are skipped until a probe reaches them, load balancing spreads leases, each host has its own
/// bound, and clearing or disposing covers every host. A host is "down" when the connect factory refuses it.
/// </summary>
[TestFixture]
public sealed class MultiHostPoolTests
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    private FakeTimeProvider _time = null!;
    private ConcurrentDictionary<int, int> _opens = null!;
    private ConcurrentDictionary<int, bool> _refused = null!;
    private FakeNativeServer[] _servers = null!;

    [SetUp]
    public void StartServers()
    {
        _time = new FakeTimeProvider();
        _opens = new ConcurrentDictionary<int, int>();
        _refused = new ConcurrentDictionary<int, bool>();
        _servers = [.. Enumerable.Range(0, 3).Select(_ => new FakeNativeServer(FakeScripts.HandshakeThenPongs(() => true)))];
    }

    [TearDown]
    public async Task StopServers()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Test]
    public async Task Rent_InOrder_AllUp_AlwaysTheFirstHost_ReusingItsIdleConnection()
    {
        using var pool = Pool();

        await LeaseAndReturnAsync(pool, 3);

        Assert.Multiple(() =>
        {
            Assert.That(_servers.Select(s => s.Accepted), Is.EqualTo((int[])[1, 0, 0]));
            Assert.That((pool.Idle, pool.Total), Is.EqualTo((1, 1)));
            Assert.That(pool.Hosts.Select(h => h.IsDown), Has.All.False);
        });
    }

    [Test]
    public async Task Rent_InOrder_FirstHostRefuses_LeasesOnTheSecond_MarksTheFirstDown_AndSkipsIt()
    {
        using var pool = Pool();
        _refused[Port(0)] = true;

        var first = await pool.RentAsync(async: true, CancellationToken.None);
        pool.Return(first);
        var second = await pool.RentAsync(async: true, CancellationToken.None);
        pool.Return(second);

        Assert.Multiple(() =>
        {
            Assert.That(first.Host, Is.EqualTo(Host(1)));
            Assert.That(second, Is.SameAs(first), "the idle connection to the second host is reused");
            Assert.That(pool.Hosts[0].IsDown, Is.True);
            Assert.That(pool.Hosts[0].Health!.LastFailure!.Message, Does.Contain("refused"));
            Assert.That(Opens(0), Is.EqualTo(1), "a host marked down is not tried again while others answer");
        });
    }

    [Test]
    public async Task Rent_DownHostAnswersAgain_TheProbeBringsItBack_AndInOrderReturnsToIt()
    {
        using var pool = Pool();
        _refused[Port(0)] = true;
        pool.Return(await pool.RentAsync(async: true, CancellationToken.None));

        _time.Advance(Recheck);
        var stillDown = pool.Hosts[0].IsDown;
        _refused[Port(0)] = false;
        _time.Advance(Recheck);
        await WaitUntilAsync(() => !pool.Hosts[0].IsDown);
        var back = await pool.RentAsync(async: true, CancellationToken.None);
        pool.Return(back);

        Assert.Multiple(() =>
        {
            Assert.That(stillDown, Is.True, "the first probe was refused too");
            Assert.That(back.Host, Is.EqualTo(Host(0)));
            Assert.That(Opens(0), Is.EqualTo(4), "the refused lease, two probes, then the lease");
            Assert.That(pool.Hosts[0].Health!.Probes, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Rent_RoundRobin_SpreadsLeasesOverEveryHost()
    {
        using var pool = Pool(ClickHouseLoadBalancing.RoundRobin);

        var hosts = await LeaseAndReturnAsync(pool, 6);

        Assert.Multiple(() =>
        {
            Assert.That(hosts, Is.EqualTo(new[] { Host(0), Host(1), Host(2), Host(0), Host(1), Host(2) }));
            Assert.That(_servers.Select(s => s.Accepted), Is.EqualTo((int[])[1, 1, 1]), "each host's idle connection is reused on its turn");
        });
    }

    [Test]
    public async Task Rent_RoundRobin_HostDown_ItsTurnsGoToTheOthers()
    {
        using var pool = Pool(ClickHouseLoadBalancing.RoundRobin);
        _refused[Port(1)] = true;

        var hosts = await LeaseAndReturnAsync(pool, 6);

        Assert.Multiple(() =>
        {
            Assert.That(hosts, Does.Not.Contain(Host(1)));
            Assert.That(hosts.Count(h => h == Host(0)), Is.EqualTo(3));
            Assert.That(Opens(1), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Rent_Random_UsesEveryHost()
    {
        using var pool = Pool(ClickHouseLoadBalancing.Random);

        var seen = (await LeaseAndReturnAsync(pool, 60)).ToHashSet();

        Assert.That(seen, Is.EquivalentTo(new[] { Host(0), Host(1), Host(2) }));
    }

    [Test]
    public async Task Rent_AvoidingTheHostAnAttemptFailedOn_GoesToTheNextOne_UnlessNoOtherAnswers()
    {
        using var pool = Pool();

        var retry = await pool.RentAsync(async: true, CancellationToken.None, [Host(0)]);
        pool.Return(retry);
        pool.Clear();
        _refused[Port(1)] = true;
        _refused[Port(2)] = true;
        var lastResort = await pool.RentAsync(async: true, CancellationToken.None, [Host(0)]);
        pool.Return(lastResort);

        Assert.Multiple(() =>
        {
            Assert.That(retry.Host, Is.EqualTo(Host(1)));
            Assert.That(lastResort.Host, Is.EqualTo(Host(0)), "up, though avoided, beats down");
            Assert.That(pool.Hosts[0].IsDown, Is.False, "avoiding a host does not mark it down");
        });
    }

    [Test]
    public async Task Rent_EveryHostDown_TriesEachOnce_AndTheErrorListsEachHostsFailure()
    {
        using var pool = Pool();
        foreach (var server in _servers)
        {
            _refused[server.Port] = true;
        }

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await pool.RentAsync(async: true, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(error.IsTransient, Is.True);
            Assert.That(error.Message, Does.StartWith("None of the 3 ClickHouse hosts could be reached:"));
            foreach (var server in _servers)
            {
                Assert.That(error.Message, Does.Contain($"127.0.0.1:{server.Port}: Cannot connect to ClickHouse at 127.0.0.1:{server.Port}: refused (test)"));
            }

            Assert.That(error.Message, Does.Contain("Check that these servers run and that Host (CLICKHOUSE_HOST) lists them."));
            Assert.That(error.Message, Does.Contain("probed every 5 s (CLICKHOUSE_HOST_RECHECK_INTERVAL)"));
            Assert.That(error.InnerException, Is.InstanceOf<AggregateException>());
            Assert.That(((AggregateException)error.InnerException!).InnerExceptions, Has.Count.EqualTo(3));
            Assert.That(pool.Hosts.Select(h => h.IsDown), Has.All.True);
            Assert.That(_servers.Select(s => Opens(Array.IndexOf(_servers, s))), Has.All.EqualTo(1));
        });

        // Down hosts are still tried when nothing else answers: the first one that does takes the lease and is up again.
        _refused[Port(2)] = false;
        _time.Advance(TimeSpan.FromSeconds(12));
        var connector = await pool.RentAsync(async: true, CancellationToken.None);
        pool.Return(connector);
        Assert.That((connector.Host, pool.Hosts[2].IsDown), Is.EqualTo((Host(2), false)));
        Assert.That(pool.Hosts[0].Health!.DownFor, Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void Rent_EveryHostDownForAWhile_TheErrorSaysForHowLong()
    {
        using var pool = Pool();
        foreach (var server in _servers)
        {
            _refused[server.Port] = true;
        }

        Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await pool.RentAsync(async: true, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(30));
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await pool.RentAsync(async: true, CancellationToken.None))!;

        Assert.That(error.Message, Does.Contain($"127.0.0.1:{Port(0)} (down for 30 s): Cannot connect"));
    }

    [Test]
    public void Rent_ServerErrorOnTheFirstHost_IsSurfacedAtOnce_WithoutFailoverOrMarkingItDown()
    {
        var authentication = new ClickHouseServerException(516, "DB::Exception", "default: Authentication failed", string.Empty);
        using var pool = Pool(open: (settings, async, ct) => settings.Port == Port(0)
            ? throw authentication
            : ClickHouseConnector.OpenAsync(settings, async, ct));

        var error = Assert.ThrowsAsync<ClickHouseServerException>(async () => await pool.RentAsync(async: true, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.SameAs(authentication));
            Assert.That(pool.Hosts[0].IsDown, Is.False);
            Assert.That(_servers[1].Accepted + _servers[2].Accepted, Is.Zero, "another host would fail the same way");
        });
    }

    [Test]
    public async Task Rent_PoolMaxSizeIsPerHost_AFullHostMakesTheLeaseWait_NotFailOver()
    {
        using var pool = Pool(settings: s => s with { PoolMaxSize = 1, PoolAcquireTimeout = TimeSpan.FromSeconds(2) });
        var held = await pool.RentAsync(async: true, CancellationToken.None);

        var waiting = pool.RentAsync(async: true, CancellationToken.None).AsTask();
        await WaitUntilAsync(() => pool.Waiting == 1);
        _time.Advance(TimeSpan.FromSeconds(2));
        var error = Assert.ThrowsAsync<ClickHousePoolExhaustedException>(async () => await waiting)!;
        pool.Return(held);

        Assert.Multiple(() =>
        {
            Assert.That(error.MaxSize, Is.EqualTo(1), "the bound of the host's own pool");
            Assert.That(pool.MaxSize, Is.EqualTo(1));
            Assert.That(_servers[1].Accepted + _servers[2].Accepted, Is.Zero, "a busy host is not a failed one");
            Assert.That(pool.Hosts[0].IsDown, Is.False);
        });
    }

    [Test]
    public async Task ClearAndDispose_CoverEveryHost()
    {
        var pool = Pool(ClickHouseLoadBalancing.RoundRobin);
        var leased = new List<ClickHouseConnector>();
        for (var i = 0; i < 3; i++)
        {
            leased.Add(await pool.RentAsync(async: true, CancellationToken.None));
        }

        pool.Return(leased[0]);
        pool.Return(leased[1]);
        var idleBeforeClear = pool.Idle;
        pool.Clear();
        foreach (var server in _servers.Take(2))
        {
            await server.WaitForOpenAsync(0);
        }

        var openAfterClear = _servers.Select(s => s.Open).ToArray();
        pool.Return(leased[2]);
        await _servers[2].WaitForOpenAsync(0);
        var next = await pool.RentAsync(async: true, CancellationToken.None);
        pool.Return(next);
        pool.Dispose();
        foreach (var server in _servers)
        {
            await server.WaitForOpenAsync(0);
        }

        Assert.Multiple(() =>
        {
            Assert.That(idleBeforeClear, Is.EqualTo(2));
            Assert.That(openAfterClear, Is.EqualTo((int[])[0, 0, 1]), "idle ones closed at once on both hosts, the leased one still open");
            Assert.That(_servers[2].Open, Is.Zero, "closed when it came back");
            Assert.That(pool.Total, Is.Zero);
            Assert.That(_servers.Sum(s => s.Accepted), Is.EqualTo(4), "the lease after Clear connected anew");
            Assert.That(async () => await pool.RentAsync(async: true, CancellationToken.None), Throws.InstanceOf<ObjectDisposedException>());
        });
    }

    [Test]
    public async Task Metrics_PerHostTags_MarkedDownCounter_AndAvailabilityGauge()
    {
        using var pool = Pool();
        var hostPool = pool.Hosts[0].Pool.Name;
        using var metrics = new MetricsRecorder(hostPool);
        _refused[Port(0)] = true;

        pool.Return(await pool.RentAsync(async: true, CancellationToken.None));
        var whileDown = metrics.Observe("ja4data.host.available");
        _refused[Port(0)] = false;
        _time.Advance(Recheck);
        await WaitUntilAsync(() => !pool.Hosts[0].IsDown);
        pool.Return(await pool.RentAsync(async: true, CancellationToken.None));
        var afterRejoin = metrics.Observe("ja4data.host.available");
        var created = metrics.Sum("ja4data.pool.connections.created", "server.port", null);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("ja4data.host.marked_down", "error.type", nameof(ClickHouseConnectionException)), Is.EqualTo(1));
            Assert.That(metrics.Sum("ja4data.host.marked_down", "server.address", "127.0.0.1"), Is.EqualTo(1));
            Assert.That((whileDown, afterRejoin), Is.EqualTo((0d, 1d)));
            Assert.That(metrics.Sum("ja4data.pool.connections.created"), Is.EqualTo(1));
            Assert.That(created, Is.Zero, "every measurement carries the port");
            Assert.That(pool.Name, Does.StartWith($"127.0.0.1:{Port(0)},127.0.0.1:{Port(1)},127.0.0.1:{Port(2)}/default#"));
            Assert.That(hostPool, Does.StartWith($"127.0.0.1:{Port(0)}/default#"));
        });
    }

    [Test]
    public async Task SingleHost_IsThePlainPool_NeverMarkedDown()
    {
        using var pool = new MultiHostPool(HostSettings(0), _time, Open);
        _refused[Port(0)] = true;

        Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await pool.RentAsync(async: true, CancellationToken.None));
        _refused[Port(0)] = false;
        var connector = await pool.RentAsync(async: true, CancellationToken.None);
        pool.Return(connector);

        Assert.Multiple(() =>
        {
            Assert.That(pool.Hosts.Single().Health, Is.Null);
            Assert.That(pool.Name, Is.EqualTo(pool.Hosts[0].Pool.Name));
            Assert.That(pool.Name, Does.StartWith($"127.0.0.1:{Port(0)}/default#"));
        });
    }

    private MultiHostPool Pool(
        ClickHouseLoadBalancing strategy = ClickHouseLoadBalancing.InOrder,
        ConnectorFactory? open = null,
        Func<ClickHouseSettings, ClickHouseSettings>? settings = null)
    {
        var all = HostSettings(0) with
        {
            Host = string.Join(',', _servers.Select(s => $"127.0.0.1:{s.Port}")),
            LoadBalancing = strategy,
            HostRecheckInterval = Recheck,
        };
        return new MultiHostPool((settings ?? (s => s))(all), _time, open ?? Open, new Random(3));
    }

    private ValueTask<ClickHouseConnector> Open(ClickHouseSettings settings, bool async, CancellationToken cancellationToken)
    {
        _opens.AddOrUpdate(settings.Port, 1, (_, n) => n + 1);
        return _refused.GetValueOrDefault(settings.Port)
            ? ValueTask.FromException<ClickHouseConnector>(new ClickHouseConnectionException(
                $"Cannot connect to ClickHouse at 127.0.0.1:{settings.Port}: refused (test).", ClickHouseOutcome.NotExecuted))
            : ClickHouseConnector.OpenAsync(settings, async, cancellationToken);
    }

    private int Port(int index) => _servers[index].Port;

    private ClickHouseSettings HostSettings(int index) => _servers[index].Settings() with
    {
        PoolMaxSize = 4,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PoolAcquireTimeout = TimeSpan.FromSeconds(5),
    };

    private ClickHouseHost Host(int index) => new("127.0.0.1", Port(index));

    private int Opens(int index) => _opens.GetValueOrDefault(Port(index));

    /// <summary>Leases and returns <paramref name="count"/> times, one after another; the host of each lease.</summary>
    private static async Task<List<ClickHouseHost>> LeaseAndReturnAsync(MultiHostPool pool, int count)
    {
        var hosts = new List<ClickHouseHost>();
        for (var i = 0; i < count; i++)
        {
            var connector = await pool.RentAsync(async: true, CancellationToken.None);
            hosts.Add(connector.Host);
            pool.Return(connector);
        }

        return hosts;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
