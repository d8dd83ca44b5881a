using Microsoft.Extensions.Logging;
using Ja4Data.Core.Diagnostics;
using Ja4Data.Core.Resilience;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// One server of a multi-host pool: its own bounded pool (PoolMaxSize connections to this server) and, when the data
/// source has several hosts, its health (<see cref="HostHealth"/>), which a failed lease marks down and a background
/// probe (connect and handshake, then close) brings back up.
/// </summary>
internal sealed class ClusterHost : IDisposable
{
    private readonly ClickHouseSettings _settings;
    private readonly ConnectorFactory _open;

    /// <param name="settings">The data source's settings, narrowed to this one host.</param>
    /// <param name="time">Clock of the pool and of the recheck timer.</param>
    /// <param name="open">Opens physical connections (the pool's and the probe's).</param>
    /// <param name="trackHealth">False for a single-host data source: there is nowhere else to go, so it is never skipped.</param>
    /// <param name="loggerFactory">Where the host's pool logs its connections and waits.</param>
    public ClusterHost(ClickHouseSettings settings, TimeProvider time, ConnectorFactory open, bool trackHealth, ILoggerFactory? loggerFactory = null)
    {
        _settings = settings;
        _open = open;
        Endpoint = new ClickHouseHost(settings.Host, settings.Port);
        Pool = new ConnectorPool(settings, time, open, loggerFactory);
        if (trackHealth)
        {
            Health = new HostHealth(time, settings.HostRecheckInterval, ProbeAsync);
            Pool.Health = Health;
        }
    }

    public ClickHouseHost Endpoint { get; }

    public ConnectorPool Pool { get; }

    /// <summary>Null for the only host of a single-host data source.</summary>
    public HostHealth? Health { get; }

    public bool IsDown => Health?.IsDown == true;

    /// <summary>
    /// Leases a connection from this host's pool. A failure to reach the host (<see cref="IsHostFailure"/>) marks it
    /// down before it is rethrown; a lease that succeeds marks a down host up again.
    /// </summary>
    public async ValueTask<ClickHouseConnector> RentAsync(bool async, CancellationToken cancellationToken)
    {
        try
        {
            var connector = await Pool.RentAsync(async, cancellationToken);
            Health?.MarkUp();
            return connector;
        }
        catch (Exception ex) when (Health is not null && IsHostFailure(ex))
        {
            MarkDown(ex);
            throw;
        }
    }

    /// <summary>
    /// True when <paramref name="exception"/> says the host could not be reached or dropped the connection: a network
    /// or timeout failure. A rejected TLS certificate, a server error (authentication included), an exhausted pool or
    /// a cancellation says nothing about the host being down.
    /// </summary>
    public static bool IsHostFailure(Exception exception)
        => exception is ClickHouseConnectionException && !RetryClassifier.IsCertificateFailure(exception);

    public void MarkDown(Exception failure)
    {
        if (Health?.MarkDown(failure) == true)
        {
            Ja4DataMetrics.HostsMarkedDown.Add(
                1, [.. Pool.Tags, new KeyValuePair<string, object?>(Ja4DataMetrics.ErrorTypeTag, ResiliencePipelines.ErrorType(failure))]);
        }
    }

    public void Dispose()
    {
        Health?.Dispose();
        Pool.Dispose();
    }

    // Connect and handshake within ConnectTimeout, then close: the host answers the native protocol again.
    private async ValueTask ProbeAsync(CancellationToken cancellationToken)
    {
        var connector = await _open(_settings, async: true, cancellationToken);
        connector.Dispose();
    }
}
