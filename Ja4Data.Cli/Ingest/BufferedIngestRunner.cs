using System.Collections.Concurrent;
using System.Diagnostics;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>
/// <c>ja4data ingest --producers N</c>: N producers add single records to one <see cref="ClickHouseIngestBuffer{T}"/>
/// as an ingest service's request handlers would. The rows are generated before the clock starts, so the run measures
/// the buffer, not the generator. With a comparison, the same rows then go through one facade
/// <c>InsertAsync&lt;T&gt;</c> and through one columnar bulk writer.
/// </summary>
internal sealed class BufferedIngestRunner(ClickHouseClient client, WideTableTarget target, BufferedIngestOptions options)
{
    private long _added;

    /// <summary>Rows added so far (progress displays; thread-safe).</summary>
    public long RowsAdded => Volatile.Read(ref _added);

    public async Task<BufferedIngestReport> RunAsync(CancellationToken cancellationToken)
    {
        var rows = (int)options.Rows;
        var batch = new HttpLogBatch(rows);
        new HttpLogGenerator(options.Seed, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1), rows).Fill(batch, 0, 0, rows);
        var records = new HttpLogRecord[rows];
        for (var i = 0; i < rows; i++)
        {
            records[i] = HttpLogRecord.From(batch, i);
        }

        var report = await BufferAsync(records, batch.PayloadBytes(), cancellationToken);
        if (options.Compare)
        {
            report = report with
            {
                FacadeElapsed = await TimeAsync(() => client.InsertAsync(target.Table, records, cancellationToken)),
                BulkWriterElapsed = await TimeAsync(() => BulkWriteAsync(batch, cancellationToken)),
            };
        }

        return report;
    }

    private async Task<BufferedIngestReport> BufferAsync(HttpLogRecord[] records, long payloadBytes, CancellationToken cancellationToken)
    {
        var batchRows = new ConcurrentQueue<double>();
        var flushMs = new ConcurrentQueue<double>();
        var failures = new ConcurrentQueue<string>();
        var depth = new List<(double Seconds, long Rows)>();
        var buffer = new ClickHouseIngestBuffer<HttpLogRecord>(client, target.Table, new ClickHouseIngestBufferOptions
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
            Options = $"MaxBatchRows {options.BatchRows:N0}, Capacity {options.Capacity:N0}, MaxConcurrentFlushes {options.Flushes}",
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

    private async Task BulkWriteAsync(HttpLogBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await client.ConnectAsync(cancellationToken);
        await using var writer = await connection.CreateBulkWriterAsync(target.Table, HttpLogBatch.ColumnNames, cancellationToken: cancellationToken);
        for (var start = 0; start < batch.Count; start += options.BatchRows)
        {
            ColumnarBatch.Append(writer, batch, start, Math.Min(options.BatchRows, batch.Count - start));
            await writer.FlushAsync(cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

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

    public TimeSpan? FacadeElapsed { get; init; }

    public TimeSpan? BulkWriterElapsed { get; init; }

    public double RowsPerSecond => RowsWritten / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
