using Microsoft.Extensions.Logging;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// The pool of a data source: one <see cref="ClusterHost"/> (a bounded <see cref="ConnectorPool"/> and a health
/// state) per server in <see cref="ClickHouseSettings.Host"/>. A lease goes to the host <see cref="HostSelector"/>
/// ranks first (LoadBalancing among the hosts that are up, avoiding those that already failed in the calling facade
/// call); a host it cannot reach is marked down and the lease moves on to the next one, so a dead server costs one
/// refused connect, not an error. Hosts that are down are tried last, so the lease still succeeds as soon as any
/// host answers; when none does, the error lists each host's failure. With one host this is that host's pool and
/// nothing more: the lease, the error and the metrics are those of a single-host pool.
/// </summary>
internal sealed class MultiHostPool : IDisposable
{
    private readonly ClusterHost[] _hosts;
    private readonly ClickHouseLoadBalancing _strategy;
    private readonly Random _random;
    private int _turn;
    private volatile bool _disposed;

    /// <param name="settings">Validated settings; every host gets them narrowed to its own host and port.</param>
    /// <param name="timeProvider">Clock of the pools and the health rechecks; tests pass a fake one.</param>
    /// <param name="open">Opens physical connections; tests substitute it.</param>
    /// <param name="random">Picks hosts for <see cref="ClickHouseLoadBalancing.Random"/>; tests seed it.</param>
    /// <param name="loggerFactory">Where every host's pool logs its connections and waits.</param>
    public MultiHostPool(ClickHouseSettings settings, TimeProvider? timeProvider = null, ConnectorFactory? open = null, Random? random = null, ILoggerFactory? loggerFactory = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var endpoints = settings.GetHosts();
        _hosts = endpoints
            .Select(host => new ClusterHost(
                settings with { Host = host.Host, Port = host.Port }, time, open ?? ClickHouseConnector.OpenAsync, trackHealth: endpoints.Count > 1, loggerFactory))
            .ToArray();
        _strategy = settings.LoadBalancing;
        _random = random ?? Random.Shared;
        Name = _hosts.Length == 1
            ? _hosts[0].Pool.Name
            : $"{string.Join(',', endpoints)}/{settings.Database}#{ConnectorPool.NextId()}";
    }

    /// <summary>Names the data source in metrics: its pool's name with one host, else the host list, database and a number.</summary>
    public string Name { get; }

    public IReadOnlyList<ClusterHost> Hosts => _hosts;

    /// <summary>The bound of each host's pool.</summary>
    public int MaxSize => _hosts[0].Pool.MaxSize;

    public int InUse => _hosts.Sum(static h => h.Pool.InUse);

    public int Idle => _hosts.Sum(static h => h.Pool.Idle);

    public int Total => _hosts.Sum(static h => h.Pool.Total);

    public int Waiting => _hosts.Sum(static h => h.Pool.Waiting);

    /// <summary>
    /// Leases a ready connection. <paramref name="avoid"/> lists the hosts an earlier attempt of the same call failed
    /// on: they come after every other host that is up.
    /// </summary>
    public ValueTask<ClickHouseConnector> RentAsync(bool async, CancellationToken cancellationToken, IReadOnlyCollection<ClickHouseHost>? avoid = null)
        => _hosts.Length == 1 ? _hosts[0].Pool.RentAsync(async, cancellationToken) : RentFromHostsAsync(async, avoid, cancellationToken);

    /// <summary>Gives a leased connection back to the pool of its host.</summary>
    public void Return(ClickHouseConnector connector) => (connector.Pool ?? _hosts[0].Pool).Return(connector);

    /// <summary>Closes every host's idle connections now and its leased ones when they come back.</summary>
    public void Clear()
    {
        foreach (var host in _hosts)
        {
            host.Pool.Clear();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    private async ValueTask<ClickHouseConnector> RentFromHostsAsync(bool async, IReadOnlyCollection<ClickHouseHost>? avoid, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var turn = _strategy == ClickHouseLoadBalancing.RoundRobin ? Interlocked.Increment(ref _turn) - 1 : 0;
        var first = PickFirst(avoid, turn);
        try
        {
            return await _hosts[first].RentAsync(async, cancellationToken);
        }
        catch (Exception ex) when (ClusterHost.IsHostFailure(ex))
        {
            return await FailOverAsync(first, ex, avoid, turn, async, cancellationToken);
        }
    }

    // The rare path: the first host failed, so the rest are ranked again (it is down now) and tried in turn.
    private async ValueTask<ClickHouseConnector> FailOverAsync(
        int first, Exception firstFailure, IReadOnlyCollection<ClickHouseHost>? avoid, int turn, bool async, CancellationToken cancellationToken)
    {
        var failures = new List<(ClusterHost Host, Exception Failure)> { (_hosts[first], firstFailure) };
        foreach (var index in HostSelector.Order(Ranks(avoid), _strategy, turn, _random))
        {
            if (index == first)
            {
                continue;
            }

            try
            {
                return await _hosts[index].RentAsync(async, cancellationToken);
            }
            catch (Exception ex) when (ClusterHost.IsHostFailure(ex))
            {
                failures.Add((_hosts[index], ex));
            }
        }

        throw AllHostsFailed(failures);
    }

    private int PickFirst(IReadOnlyCollection<ClickHouseHost>? avoid, int turn)
    {
        Span<int> ranks = stackalloc int[_hosts.Length];
        FillRanks(ranks, avoid);
        return HostSelector.First(ranks, _strategy, turn, _random);
    }

    private int[] Ranks(IReadOnlyCollection<ClickHouseHost>? avoid)
    {
        var ranks = new int[_hosts.Length];
        FillRanks(ranks, avoid);
        return ranks;
    }

    private void FillRanks(Span<int> ranks, IReadOnlyCollection<ClickHouseHost>? avoid)
    {
        for (var i = 0; i < _hosts.Length; i++)
        {
            ranks[i] = _hosts[i].IsDown
                ? HostSelector.Down
                : avoid is { Count: > 0 } && avoid.Contains(_hosts[i].Endpoint) ? HostSelector.FailedInThisCall : HostSelector.Preferred;
        }
    }

    /// <summary>
    /// Every host failed: the message lists each one with its failure (and how long it has been down), the inner
    /// exception holds them all. Nothing was sent, and the facade retries it like any refused connect.
    /// </summary>
    internal ClickHouseConnectionException AllHostsFailed(IReadOnlyList<(ClusterHost Host, Exception Failure)> failures)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"None of the {_hosts.Length} ClickHouse hosts could be reached:");
        foreach (var (host, failure) in failures)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {host.Endpoint}");
            if (host.Health is { DownFor: var down } && down >= TimeSpan.FromSeconds(1))
            {
                text.Append(CultureInfo.InvariantCulture, $" (down for {down.TotalSeconds:0} s)");
            }

            text.Append(": ").Append(failure.Message);
        }

        var recheck = _hosts[0].Health?.RecheckInterval.TotalSeconds ?? 0;
        text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}Check that these servers run and that Host ({ClickHouseEnvironmentVariables.Host}) lists them. ")
            .Append(CultureInfo.InvariantCulture, $"Hosts that fail are probed every {recheck:0.#} s ({ClickHouseEnvironmentVariables.HostRecheckInterval}) and used again as soon as they answer.");
        return new ClickHouseConnectionException(text.ToString(), ClickHouseOutcome.NotExecuted, new AggregateException(failures.Select(f => f.Failure)));
    }
}
