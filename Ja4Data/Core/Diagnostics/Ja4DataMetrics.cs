using System.Diagnostics.Metrics;
using Ja4Data.Core.Pooling;

namespace Ja4Data.Core.Diagnostics;

/// <summary>
/// The library's instruments, on the <see cref="System.Diagnostics.Metrics.Meter"/> named <c>Ja4Data</c> (subscribe
/// with OpenTelemetry's <c>AddMeter("Ja4Data")</c>, <c>dotnet-counters</c> or a <see cref="MeterListener"/>). Every
/// measurement carries the pool's name (<c>host:port/database#n</c>, never credentials) so several pools in one
/// process stay apart, and pool and host measurements carry the server (<c>server.address</c>, <c>server.port</c>) so
/// the hosts of a multi-host data source do too.
/// </summary>
internal static class Ja4DataMetrics
{
    public const string MeterName = "Ja4Data";

    /// <summary>The tag naming the pool, as in OpenTelemetry's database-client conventions.</summary>
    public const string PoolTag = "db.client.connection.pool.name";

    /// <summary><c>idle</c> or <c>used</c>, the states of <c>db.client.connection.count</c>.</summary>
    public const string StateTag = "db.client.connection.state";

    public const string ReasonTag = "reason";

    public const string OperationTag = "ja4data.operation";

    public const string ErrorTypeTag = "error.type";

    /// <summary>The server's host name or IP address (OpenTelemetry's <c>server.address</c>; IPv6 without brackets).</summary>
    public const string ServerAddressTag = "server.address";

    public const string ServerPortTag = "server.port";

    private static readonly Meter Meter = new(MeterName);

    // Weak: an undisposed, unreachable pool must still be collectable (its sockets then close by finalisation).
    private static readonly WeakSet<ConnectorPool> Pools = new();

    private static readonly WeakSet<IIngestQueue> Queues = new();

    public static readonly Counter<long> ConnectionsCreated = Meter.CreateCounter<long>(
        "ja4data.pool.connections.created", "{connection}", "Connections the pool opened.");

    public static readonly Counter<long> ConnectionsDiscarded = Meter.CreateCounter<long>(
        "ja4data.pool.connections.discarded", "{connection}", "Connections the pool closed, by reason.");

    public static readonly Histogram<double> AcquireWaitTime = Meter.CreateHistogram<double>(
        "db.client.connection.wait_time", "s", "Time a lease waited in line for a free connection slot.");

    public static readonly Counter<long> AcquireTimeouts = Meter.CreateCounter<long>(
        "db.client.connection.timeouts", "{timeout}", "Leases that gave up after PoolAcquireTimeout (pool exhausted).");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "ja4data.retries", "{retry}", "Calls the client repeated after a transient failure, by operation and error.");

    /// <summary>The tag naming an ingest buffer's target table.</summary>
    public const string TableTag = "ja4data.ingest.table";

    public const string OutcomeTag = "ja4data.ingest.outcome";

    public static readonly Counter<long> IngestRowsWritten = Meter.CreateCounter<long>(
        "ja4data.ingest.rows.written", "{row}", "Rows an ingest buffer wrote (acknowledged by the server).");

    public static readonly Counter<long> IngestRowsNotWritten = Meter.CreateCounter<long>(
        "ja4data.ingest.rows.not_written", "{row}", "Rows an ingest buffer reported as not written, by outcome (failed, outcome unknown, dropped).");

    public static readonly Counter<long> IngestRowsRejected = Meter.CreateCounter<long>(
        "ja4data.ingest.rows.rejected", "{row}", "Rows TryAdd refused because the buffer was full (never accepted).");

    public static readonly Histogram<long> IngestBatchRows = Meter.CreateHistogram<long>(
        "ja4data.ingest.batch.rows", "{row}", "Rows per batch an ingest buffer sent.");

    public static readonly Histogram<double> IngestFlushDuration = Meter.CreateHistogram<double>(
        "ja4data.ingest.flush.duration", "s", "Time from a batch's first attempt to its outcome, retries included.");

    public static readonly Counter<long> HostsMarkedDown = Meter.CreateCounter<long>(
        "ja4data.host.marked_down", "{event}", "Times a host of a multi-host data source was marked down, by error.");

    // Created after the registry above: static initialisers run in text order.
    // OpenTelemetry's database-client pool instruments (their names are still Development in the conventions).
    private static readonly ObservableUpDownCounter<int> ConnectionCount = Meter.CreateObservableUpDownCounter(
        "db.client.connection.count", ObserveCount, "{connection}", "Open connections, by state: idle in the pool or used (leased).");

    private static readonly ObservableUpDownCounter<int> ConnectionMax = Meter.CreateObservableUpDownCounter(
        "db.client.connection.max", () => Observe(static p => p.MaxSize), "{connection}", "The most open connections the pool allows (PoolMaxSize).");

    private static readonly ObservableUpDownCounter<int> PendingRequests = Meter.CreateObservableUpDownCounter(
        "db.client.connection.pending_requests", () => Observe(static p => p.Waiting), "{request}", "Leases waiting in line for a connection.");

    public static readonly Histogram<double> CreateTime = Meter.CreateHistogram<double>(
        "db.client.connection.create_time", "s", "Time to open a connection: TCP, TLS and the handshake.");

    /// <summary>The stable OpenTelemetry instrument: one measurement per ADO.NET execution or facade call.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "db.client.operation.duration", "s", "Duration of database client operations, retries included.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    public static readonly Counter<long> InsertsOutcomeUnknown = Meter.CreateCounter<long>(
        "ja4data.inserts.outcome_unknown", "{insert}", "Inserts whose data left without an acknowledgement: stored fully, partly or not at all.");

    // Only the pools of a multi-host data source's hosts have a health to report.
    private static readonly ObservableGauge<int> HostAvailable = Meter.CreateObservableGauge(
        "ja4data.host.available", () => Observe(static p => p.Health is { } health ? health.IsDown ? 0 : 1 : null),
        "{host}", "1 while a host of a multi-host data source takes leases, 0 while it is down.");

    private static readonly ObservableGauge<long> IngestQueueDepth = Meter.CreateObservableGauge(
        "ja4data.ingest.queue.depth",
        () => Queues.Observe<long>(static (q, into) => into.Add(new Measurement<long>(q.QueueDepth, new KeyValuePair<string, object?>(TableTag, q.Table)))),
        "{row}",
        "Rows waiting in an ingest buffer for a batch.");

    public static void Register(IIngestQueue queue) => Queues.Add(queue);

    public static void Unregister(IIngestQueue queue) => Queues.Remove(queue);

    public static void Register(ConnectorPool pool) => Pools.Add(pool);

    public static void Unregister(ConnectorPool pool) => Pools.Remove(pool);

    /// <summary>The tags of a pool's measurements.</summary>
    public static KeyValuePair<string, object?>[] PoolTags(string poolName, string host, int port) =>
    [
        new(PoolTag, poolName),
        new(ServerAddressTag, host),
        new(ServerPortTag, port),
    ];

    private static List<Measurement<int>> ObserveCount() => Pools.Observe<int>(static (pool, into) =>
    {
        KeyValuePair<string, object?>[] idle = [.. pool.Tags, new(StateTag, "idle")];
        KeyValuePair<string, object?>[] used = [.. pool.Tags, new(StateTag, "used")];
        into.Add(new Measurement<int>(pool.Idle, idle));
        into.Add(new Measurement<int>(pool.InUse, used));
    });

    private static List<Measurement<int>> Observe(Func<ConnectorPool, int?> value) => Pools.Observe<int>((pool, into) =>
    {
        if (value(pool) is { } measured)
        {
            into.Add(new Measurement<int>(measured, pool.Tags));
        }
    });

    /// <summary>The live instances an observable instrument reads, held weakly so that registering never keeps one alive.</summary>
    private sealed class WeakSet<T>
        where T : class
    {
        private readonly Lock _lock = new();
        private readonly List<WeakReference<T>> _items = [];

        public void Add(T item)
        {
            lock (_lock)
            {
                _items.Add(new WeakReference<T>(item));
            }
        }

        public void Remove(T item)
        {
            lock (_lock)
            {
                _items.RemoveAll(r => !r.TryGetTarget(out var i) || ReferenceEquals(i, item));
            }
        }

        /// <summary>What <paramref name="measure"/> adds for each live item (none, one or several measurements).</summary>
        public List<Measurement<TValue>> Observe<TValue>(Action<T, List<Measurement<TValue>>> measure)
            where TValue : struct
        {
            var measurements = new List<Measurement<TValue>>();
            lock (_lock)
            {
                _items.RemoveAll(static r => !r.TryGetTarget(out _));
                foreach (var reference in _items)
                {
                    if (reference.TryGetTarget(out var item))
                    {
                        measure(item, measurements);
                    }
                }
            }

            return measurements;
        }
    }
}
