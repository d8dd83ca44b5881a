using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>
/// <c>ja4data ingest --producers N</c>: N producers add single rows to one <see cref="ClickHouseIngestBuffer{T}"/>
/// as an ingest service's request handlers would, each row in the target's own row type (a typed record for the wide
/// tables, a JSON line for the raw-log path). The rows are generated before the clock starts, so the run measures the
/// buffer, not the generator. Where the server parses the rows (the raw-log path), what arrived in the parsed table is
/// checked against what was generated. With a comparison, the same rows then go through one facade
/// <c>InsertAsync&lt;T&gt;</c> and through one columnar bulk writer.
/// </summary>
internal sealed class BufferedIngestRunner(ClickHouseClient client, IngestTarget target, BufferedIngestOptions options)
{
    private long _added;

    /// <summary>Rows added so far (progress displays; thread-safe).</summary>
    public long RowsAdded => Volatile.Read(ref _added);

    public async Task<BufferedIngestReport> RunAsync(CancellationToken cancellationToken)
    {
        var rows = (int)options.Rows;
        var batch = new HttpLogBatch(rows);
        new HttpLogGenerator(options.Seed, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1), rows).Fill(batch, 0, 0, rows);
        return await target.RunBufferedAsync(this, batch, cancellationToken);
    }

    /// <summary>The run itself, called back by the target with <paramref name="batch"/>'s rows in its row type.</summary>
    public async Task<BufferedIngestReport> RunAsync<T>(BufferedWorkload<T> workload, HttpLogBatch batch, CancellationToken cancellationToken)
    {
        // The server's clock, not this machine's: the parsed rows are stamped by the server (ingested_at DEFAULT now()).
        var since = target.ParsedTable is null ? 0 : await ScalarAsync<uint>("SELECT toUInt32(now())", cancellationToken);
        var report = await BufferAsync(workload.Rows, workload.PayloadBytes, cancellationToken);
        if (target.ParsedTable is { } parsed)
        {
            report = report with { Arrival = await CheckArrivalAsync(parsed, since, batch, cancellationToken) };
        }

        if (options.Compare)
        {
            report = report with
            {
                FacadeElapsed = await TimeAsync(() => client.InsertAsync(target.Table, workload.Rows, cancellationToken)),
                BulkWriterElapsed = await TimeAsync(() => BulkWriteAsync(workload, batch.Count, cancellationToken)),
            };
        }

        return report;
    }

    private async Task<BufferedIngestReport> BufferAsync<T>(T[] records, long payloadBytes, CancellationToken cancellationToken)
    {
        var batchRows = new ConcurrentQueue<double>();
        var flushMs = new ConcurrentQueue<double>();
        var failures = new ConcurrentQueue<string>();
        var depth = new List<(double Seconds, long Rows)>();
        var buffer = new ClickHouseIngestBuffer<T>(client, target.Table, new ClickHouseIngestBufferOptions
        {
            MaxBatchRows = options.BatchRows,
            Capacity = options.Capacity,
            MaxConcurrentFlushes = options.Flushes,
        });
        buffer.BatchCompleted += (_, report) =>
        {
            batchRows.Enqueue(report.Rows.Count);
            flushMs.Enqueue(report.Elapsed.TotalMilliseconds);
            if (report.Error is { } error)
            {
                failures.Enqueue($"{report.Outcome}: {error.Message}");
            }
        };

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                depth.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, buffer.QueueDepth));
                try
                {
                    await Task.Delay(100, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var producers = Enumerable.Range(0, options.Producers).Select(p => Task.Run(async () =>
        {
            // Each producer adds its own interleaved share, one row per call, timing each call.
            var latencies = new List<double>(records.Length / options.Producers + 1);
            for (var i = p; i < records.Length; i += options.Producers)
            {
                var before = Stopwatch.GetTimestamp();
                await buffer.AddAsync(records[i], cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                Interlocked.Increment(ref _added);
            }

            return latencies;
        }, cancellationToken)).ToArray();
        var addLatencies = (await Task.WhenAll(producers)).SelectMany(l => l).ToList();
        var addedIn = Stopwatch.GetElapsedTime(started);
        await buffer.DisposeAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        await sampling.CancelAsync();
        await sampler;

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new BufferedIngestReport
        {
            Target = target.Description,
            Producers = options.Producers,
            Options = $"{typeof(T).Name}; MaxBatchRows {options.BatchRows:N0}, Capacity {options.Capacity:N0}, MaxConcurrentFlushes {options.Flushes}",
            Rows = buffer.RowsAdded,
            RowsWritten = buffer.RowsWritten,
            RowsNotWritten = buffer.RowsNotWritten,
            Failures = [.. failures.Take(5)],
            PayloadBytes = payloadBytes,
            AddedIn = addedIn,
            Elapsed = elapsed,
            Batches = batchRows.Count,
            BatchRowsP50 = Percentiles.Of(batchRows, 50),
            BatchRowsMax = batchRows.IsEmpty ? 0 : batchRows.Max(),
            FlushP50Ms = Percentiles.Of(flushMs, 50),
            FlushP99Ms = Percentiles.Of(flushMs, 99),
            AddP50Ms = Percentiles.Of(addLatencies, 50),
            AddP99Ms = Percentiles.Of(addLatencies, 99),
            QueueDepth = depth,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            AllocatedBytes = GC.GetTotalAllocatedBytes() - allocatedBefore,
        };
    }

    private async Task BulkWriteAsync<T>(BufferedWorkload<T> workload, int rows, CancellationToken cancellationToken)
    {
        await using var connection = await client.ConnectAsync(cancellationToken);
        await using var writer = await connection.CreateBulkWriterAsync(target.Table, workload.BulkColumns, cancellationToken: cancellationToken);
        for (var start = 0; start < rows; start += options.BatchRows)
        {
            workload.AppendBlock(writer, start, Math.Min(options.BatchRows, rows - start));
            await writer.FlushAsync(cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// What the parsed table holds of the rows stamped since <paramref name="since"/> (this run's: the comparison
    /// inserts come after this check), against the generated rows: count, distinct (ts_ms, src_ip, src_port) - the
    /// generator has no row id, and the pair-wise collisions it can produce are counted on both sides - and sum(ts_ms).
    /// </summary>
    private async Task<ArrivalCheck> CheckArrivalAsync(string parsed, uint since, HttpLogBatch batch, CancellationToken cancellationToken)
    {
        var keys = new HashSet<(ulong, string, ushort)>(batch.Count);
        ulong sum = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            keys.Add((batch.TimestampMs[i], batch.SourceIp[i], batch.SourcePort[i]));
            sum += batch.TimestampMs[i];
        }

        var stored = (await client.QueryAsync(
            string.Create(CultureInfo.InvariantCulture, $"SELECT count(), uniqExact(ts_ms, src_ip, src_port), sum(ts_ms) FROM {parsed} WHERE ingested_at >= toDateTime({since})"),
            cancellationToken: cancellationToken)).ResultRows[0];
        return new ArrivalCheck(
            parsed,
            batch.Count,
            Convert.ToInt64(stored[0], CultureInfo.InvariantCulture),
            keys.Count,
            Convert.ToInt64(stored[1], CultureInfo.InvariantCulture),
            Convert.ToUInt64(stored[2], CultureInfo.InvariantCulture) == sum);
    }

    private async Task<TValue> ScalarAsync<TValue>(string sql, CancellationToken cancellationToken)
        => (await client.QueryAsync<TValue>(sql, cancellationToken: cancellationToken)).Single();

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        GC.Collect();
        var started = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(started);
    }
}

/// <summary>What <c>ja4data ingest --producers N</c> runs.</summary>
/// <param name="Rows">Rows in total (generated up front).</param>
/// <param name="Producers">Tasks adding rows one at a time.</param>
/// <param name="BatchRows">The buffer's MaxBatchRows (and the bulk writer's block size when comparing).</param>
/// <param name="Capacity">The buffer's Capacity.</param>
/// <param name="Flushes">The buffer's MaxConcurrentFlushes.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="Compare">Also time one facade InsertAsync and one columnar bulk writer of the same rows.</param>
internal sealed record BufferedIngestOptions(long Rows, int Producers, int BatchRows, int Capacity, int Flushes, ulong Seed, bool Compare);

/// <summary>What a buffered ingest did and how fast.</summary>
internal sealed record BufferedIngestReport
{
    public required string Target { get; init; }

    public required int Producers { get; init; }

    public required string Options { get; init; }

    public required long Rows { get; init; }

    public required long RowsWritten { get; init; }

    public required long RowsNotWritten { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public required long PayloadBytes { get; init; }

    /// <summary>Until the last AddAsync returned.</summary>
    public required TimeSpan AddedIn { get; init; }

    /// <summary>Until DisposeAsync returned: every row written or reported.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required int Batches { get; init; }

    public required double BatchRowsP50 { get; init; }

    public required double BatchRowsMax { get; init; }

    public required double FlushP50Ms { get; init; }

    public required double FlushP99Ms { get; init; }

    public required double AddP50Ms { get; init; }

    public required double AddP99Ms { get; init; }

    /// <summary>Rows queued, sampled every 100 ms.</summary>
    public required IReadOnlyList<(double Seconds, long Rows)> QueueDepth { get; init; }

    public required long PeakWorkingSetBytes { get; init; }

    public required long AllocatedBytes { get; init; }

    /// <summary>What arrived in the parsed table (raw-log path only).</summary>
    public ArrivalCheck? Arrival { get; init; }

    public TimeSpan? FacadeElapsed { get; init; }

    public TimeSpan? BulkWriterElapsed { get; init; }

    public double RowsPerSecond => RowsWritten / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>The buffered rows found in the parsed table, against the generated ones.</summary>
/// <param name="Table">The parsed table.</param>
/// <param name="Rows">Rows generated and added.</param>
/// <param name="StoredRows">Rows the parsed table holds from this run.</param>
/// <param name="DistinctRows">Distinct (ts_ms, src_ip, src_port) among the generated rows.</param>
/// <param name="StoredDistinctRows">Distinct (ts_ms, src_ip, src_port) among the stored rows.</param>
/// <param name="SumsMatch">sum(ts_ms) of the stored rows equals that of the generated rows.</param>
internal sealed record ArrivalCheck(string Table, long Rows, long StoredRows, long DistinctRows, long StoredDistinctRows, bool SumsMatch)
{
    /// <summary>Every generated row is stored, none twice.</summary>
    public bool EveryRowOnce => StoredRows == Rows && StoredDistinctRows == DistinctRows && SumsMatch;
}
