using System.Diagnostics;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>
/// The load generator: <see cref="IngestOptions.Workers"/> workers take batches from a shared counter, generate them
/// (streaming: a worker holds one batch, never the run), lease a pooled connection, insert, and return it. A batch
/// whose INSERT provably did not run (a transient failure before any data left) is retried with backoff.
/// </summary>
internal sealed class IngestRunner(ClickHouseClient client, IngestTarget target, IngestOptions options)
{
    private long _rowsDone;
    private long _nextBatch = -1;
    private int _retries;

    /// <summary>Rows acknowledged by the server so far (for progress displays; thread-safe).</summary>
    public long RowsDone => Volatile.Read(ref _rowsDone);

    public IngestOptions Options => options;

    public async Task<IngestReport> RunAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        var generator = new HttpLogGenerator(options.Seed, options.StartUnixMs, options.Window, options.Rows);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);
        var started = Stopwatch.GetTimestamp();

        var workers = Enumerable.Range(0, options.Workers)
            .Select(_ => Task.Run(() => WorkAsync(generator, cancellationToken), cancellationToken))
            .ToArray();
        var stats = await Task.WhenAll(workers);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = stats.SelectMany(s => s.LatencyMs).ToList();
        var waits = stats.SelectMany(s => s.PoolWaitMs).ToList();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new IngestReport
        {
            Target = target.Description,
            Mode = options.Mode,
            Workers = options.Workers,
            BatchSize = options.BatchSize,
            Rows = RowsDone,
            Batches = latencies.Count,
            PayloadBytes = stats.Sum(s => s.PayloadBytes),
            Elapsed = elapsed,
            BatchLatencyP50Ms = Percentiles.Of(latencies, 50),
            BatchLatencyP99Ms = Percentiles.Of(latencies, 99),
            BatchLatencyMaxMs = latencies.Count == 0 ? 0 : latencies.Max(),
            PoolWaitTotal = TimeSpan.FromMilliseconds(waits.Sum()),
            PoolWaitP99Ms = Percentiles.Of(waits, 99),
            Retries = Volatile.Read(ref _retries),
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            AllocatedBytes = GC.GetTotalAllocatedBytes() - allocatedBefore,
            Gen0Collections = GC.CollectionCount(0) - gen0Before,
            Gen2Collections = GC.CollectionCount(2) - gen2Before,
        };
    }

    private async Task<WorkerStats> WorkAsync(HttpLogGenerator generator, CancellationToken cancellationToken)
    {
        var stats = new WorkerStats();
        var scratch = new WorkerScratch((int)Math.Min(options.BatchSize, options.Rows));
        long batch;
        while ((batch = Interlocked.Increment(ref _nextBatch)) < options.BatchCount)
        {
            var first = batch * options.BatchSize;
            var count = (int)Math.Min(options.BatchSize, options.Rows - first);
            generator.Fill(scratch.Batch, batch, first, count);
            var inserted = await InsertWithRetryAsync(scratch, stats, cancellationToken);
            stats.PayloadBytes += inserted.PayloadBytes;
            Interlocked.Add(ref _rowsDone, inserted.Rows);
        }

        return stats;
    }

    private async Task<InsertedBatch> InsertWithRetryAsync(WorkerScratch scratch, WorkerStats stats, CancellationToken cancellationToken)
    {
        var settings = client.Settings;
        for (var attempt = 0; ; attempt++)
        {
            var leaseStarted = Stopwatch.GetTimestamp();
            try
            {
                await using var connection = await client.ConnectAsync(cancellationToken);
                var leased = Stopwatch.GetTimestamp();
                stats.PoolWaitMs.Add(Stopwatch.GetElapsedTime(leaseStarted, leased).TotalMilliseconds);
                var inserted = await target.InsertAsync(connection, scratch, options, cancellationToken);
                stats.LatencyMs.Add(Stopwatch.GetElapsedTime(leased).TotalMilliseconds);
                return inserted;
            }
            catch (ClickHouseException ex) when (attempt < settings.RetryMaxAttempts && IsSafeToRetry(ex))
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(settings, attempt), cancellationToken);
            }
        }
    }

    /// <summary>Only an INSERT that certainly wrote nothing may be sent again; anything else would risk duplicates.</summary>
    internal static bool IsSafeToRetry(ClickHouseException exception)
        => exception is not ClickHouseInsertOutcomeUnknownException && exception.IsTransient && exception.Outcome == ClickHouseOutcome.NotExecuted;

    /// <summary>Exponential backoff from RetryBaseDelay, capped at RetryMaxDelay.</summary>
    internal static TimeSpan Backoff(ClickHouseSettings settings, int attempt)
    {
        var delay = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delay, settings.RetryMaxDelay.TotalMilliseconds));
    }

    private sealed class WorkerStats
    {
        public List<double> LatencyMs { get; } = [];

        public List<double> PoolWaitMs { get; } = [];

        public long PayloadBytes { get; set; }
    }
}
