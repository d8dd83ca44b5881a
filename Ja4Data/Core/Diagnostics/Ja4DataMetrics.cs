using System.Diagnostics.Metrics;
using Ja4Data.Core.Pooling;

namespace Ja4Data.Core.Diagnostics;

/// <summary>
/// The library's instruments, on the <see cref="System.Diagnostics.Metrics.Meter"/> named <c>Ja4Data</c> (subscribe
/// with OpenTelemetry's <c>AddMeter("Ja4Data")</c>, <c>dotnet-counters</c> or a <see cref="MeterListener"/>). Every
/// measurement carries the pool's name (<c>host:port/database#n</c>, never credentials) so several pools in one
/// process stay apart.
/// </summary>
internal static class Ja4DataMetrics
{
    public const string MeterName = "Ja4Data";

    /// <summary>The tag naming the pool, as in OpenTelemetry's database-client conventions.</summary>
    public const string PoolTag = "db.client.connection.pool.name";

    public const string ReasonTag = "reason";

    public const string OperationTag = "ja4data.operation";

    public const string ErrorTypeTag = "error.type";

    private static readonly Meter Meter = new(MeterName);

    // Weak: an undisposed, unreachable pool must still be collectable (its sockets then close by finalisation).
    private static readonly WeakSet<ConnectorPool> Pools = new();

    public static readonly Counter<long> ConnectionsCreated = Meter.CreateCounter<long>(
        "ja4data.pool.connections.created", "{connection}", "Connections the pool opened.");

    public static readonly Counter<long> ConnectionsDiscarded = Meter.CreateCounter<long>(
        "ja4data.pool.connections.discarded", "{connection}", "Connections the pool closed, by reason.");

    public static readonly Histogram<double> AcquireWaitTime = Meter.CreateHistogram<double>(
        "ja4data.pool.acquire.wait_time", "s", "Time a lease waited in line for a free connection slot.");

    public static readonly Counter<long> AcquireTimeouts = Meter.CreateCounter<long>(
        "ja4data.pool.acquire.timeouts", "{lease}", "Leases that gave up after PoolAcquireTimeout (pool exhausted).");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "ja4data.retries", "{retry}", "Calls the client repeated after a transient failure, by operation and error.");

    /// <summary>The tag naming an ingest buffer's target table.</summary>
    public const string TableTag = "ja4data.ingest.table";

    public const string OutcomeTag = "ja4data.ingest.outcome";

    private static readonly WeakSet<IIngestQueue> Queues = new();

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

    // Created after the registries above: static initialisers run in text order.
    private static readonly ObservableGauge<int> InUse = Meter.CreateObservableGauge(
        "ja4data.pool.connections.in_use", () => Pools.Observe(static p => new Measurement<int>(p.InUse, Pool(p))), "{connection}", "Connections leased to callers.");

    private static readonly ObservableGauge<int> Idle = Meter.CreateObservableGauge(
        "ja4data.pool.connections.idle", () => Pools.Observe(static p => new Measurement<int>(p.Idle, Pool(p))), "{connection}", "Open connections waiting in the pool.");

    private static readonly ObservableGauge<long> IngestQueueDepth = Meter.CreateObservableGauge(
        "ja4data.ingest.queue.depth", () => Queues.Observe(static q => new Measurement<long>(q.QueueDepth, new KeyValuePair<string, object?>(TableTag, q.Table))), "{row}", "Rows waiting in an ingest buffer for a batch.");

    public static void Register(IIngestQueue queue) => Queues.Add(queue);

    public static void Unregister(IIngestQueue queue) => Queues.Remove(queue);

    public static void Register(ConnectorPool pool) => Pools.Add(pool);

    public static void Unregister(ConnectorPool pool) => Pools.Remove(pool);

    public static KeyValuePair<string, object?> Pool(ConnectorPool pool) => new(PoolTag, pool.Name);

    /// <summary>The live instances an observable gauge reads, held weakly so that registering never keeps one alive.</summary>
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

        public List<Measurement<TValue>> Observe<TValue>(Func<T, Measurement<TValue>> measure)
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
                        measurements.Add(measure(item));
                    }
                }
            }

            return measurements;
        }
    }
}
