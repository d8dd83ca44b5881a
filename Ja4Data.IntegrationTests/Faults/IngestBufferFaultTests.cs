using System.Collections.Concurrent;
using System.Globalization;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// ClickHouseIngestBuffer on a private server that is paused (a full buffer: TryAdd, waiting AddAsync) or SIGKILLed and
/// restarted mid-ingest (every row accounted for once, checked against the stored rows).
/// </summary>
[TestFixture]
public sealed class IngestBufferFaultTests : PrivateServerFixture
{
    private const int Capacity = 20;

    [Test]
    public async Task TryAdd_BufferFullWhileServerPaused_RejectsAndAWaitingAddAsyncCancels_ThenAcceptedRowsAreWritten()
    {
        var table = await CreateTableAsync();
        await using var client = new ClickHouseClient(Settings());
        await using var buffer = new ClickHouseIngestBuffer<Row>(client, table, StuckOptions(ClickHouseIngestFullMode.Reject));
        await buffer.AddAsync(new Row(0, "learns the columns"));
        await buffer.FlushAsync();

        Server.Pause();
        try
        {
            var next = await FillUntilStuckAsync(buffer, 1);
            var added = buffer.RowsAdded;

            Assert.That(buffer.TryAdd(new Row(next, "refused")), Is.False);
            using var cancel = new CancellationTokenSource();
            var waiting = buffer.AddAsync(new Row(next + 1, "waits"), cancel.Token).AsTask();
            Assert.That(waiting.IsCompleted, Is.False, "no room while the server is paused");
            await cancel.CancelAsync();
            Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await waiting);
            Assert.That(buffer.RowsAdded, Is.EqualTo(added), "neither the refused nor the cancelled row was accepted");
        }
        finally
        {
            Server.Resume();
        }

        await buffer.FlushAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(buffer.RowsWritten, Is.EqualTo(buffer.RowsAdded));
            Assert.That(await CountAsync(table), Is.EqualTo(buffer.RowsAdded));
        });
    }

    [Test]
    public async Task TryAdd_DropOldestWhileServerPaused_OldestQueuedRowsReportedDropped_NewRowsWritten()
    {
        var table = await CreateTableAsync();
        await using var client = new ClickHouseClient(Settings());
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<Row>>();
        await using var buffer = new ClickHouseIngestBuffer<Row>(client, table, StuckOptions(ClickHouseIngestFullMode.DropOldest));
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);
        await buffer.AddAsync(new Row(0, "learns the columns"));
        await buffer.FlushAsync();

        Server.Pause();
        ulong next;
        try
        {
            next = await FillUntilStuckAsync(buffer, 1);
            for (var i = 0; i < 5; i++)
            {
                Assert.That(buffer.TryAdd(new Row(next + (ulong)i, "makes room")), Is.True);
            }
        }
        finally
        {
            Server.Resume();
        }

        await buffer.FlushAsync();
        var dropped = reports.Where(r => r.Outcome == ClickHouseIngestOutcome.Dropped).SelectMany(r => r.Rows).Select(r => r.Id).ToList();
        Assert.Multiple(async () =>
        {
            // Rows 1 and 2 were in flight and in the batch waiting for a slot; 3.. were queued, the oldest first.
            Assert.That(dropped, Is.EqualTo(new ulong[] { 3, 4, 5, 6, 7 }));
            Assert.That(buffer.RowsNotWritten, Is.EqualTo(5));
            Assert.That(buffer.RowsWritten + buffer.RowsNotWritten, Is.EqualTo(buffer.RowsAdded));
            Assert.That(await CountAsync(table), Is.EqualTo(buffer.RowsWritten));
            Assert.That(await CountAsync(table, "id IN (3, 4, 5, 6, 7)"), Is.Zero);
        });
    }

    [Test]
    public async Task KilledAndRestartedDuringIngest_EveryRowAccountedForOnce_EverythingReportedWrittenIsStored()
    {
        const int producers = 8;
        var table = await CreateTableAsync();
        var deadLetters = Directory.CreateTempSubdirectory("ja4-ingest-kill-").FullName;
        var settings = Settings() with { PoolMaxSize = 4, CommandTimeout = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        await using var client = new ClickHouseClient(settings);
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<Row>>();
        var buffer = new ClickHouseIngestBuffer<Row>(client, table, new()
        {
            MaxBatchRows = 2000,
            MaxBatchDelay = TimeSpan.FromMilliseconds(20),
            Capacity = 20_000,
            MaxConcurrentFlushes = 2,
            DeadLetterDirectory = deadLetters,
        });
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);
        using var stop = new CancellationTokenSource();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            var producing = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                for (var i = 0UL; !stop.IsCancellationRequested; i++)
                {
                    await buffer.AddAsync(new Row(((ulong)p << 32) | i, "kill"));
                }
            })).ToArray();

            await WaitForAsync(() => buffer.RowsWritten >= 20_000, patience.Token);
            Server.Kill();
            await Task.Delay(500, patience.Token);
            await Server.RestartAsync(patience.Token);
            var writtenAtRestart = buffer.RowsWritten;
            await WaitForAsync(() => buffer.RowsWritten >= writtenAtRestart + 20_000, patience.Token);
            await stop.CancelAsync();
            await Task.WhenAll(producing);
            await buffer.DisposeAsync();

            var byOutcome = reports.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.SelectMany(r => r.Rows).Select(r => r.Id).ToHashSet());
            var written = byOutcome.GetValueOrDefault(ClickHouseIngestOutcome.Written) ?? [];
            var unknown = byOutcome.GetValueOrDefault(ClickHouseIngestOutcome.OutcomeUnknown) ?? [];
            var failed = byOutcome.GetValueOrDefault(ClickHouseIngestOutcome.Failed) ?? [];
            var stored = (await HttpAsync($"SELECT id FROM {table}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var storedSet = stored.ToHashSet();
            var deadLetterRows = reports.Where(r => r.DeadLetterPath is not null).Sum(r => NativeRows(r.DeadLetterPath!));
            TestContext.Out.WriteLine($"added {buffer.RowsAdded}, written {buffer.RowsWritten} in {reports.Count(r => r.Outcome == ClickHouseIngestOutcome.Written)} batches, " +
                $"outcome unknown {unknown.Count} (stored {unknown.Count(storedSet.Contains)}), failed {failed.Count}, dead-letter rows {deadLetterRows}");

            Assert.Multiple(() =>
            {
                Assert.That(buffer.RowsWritten + buffer.RowsNotWritten, Is.EqualTo(buffer.RowsAdded), "every accepted row is counted");
                Assert.That(reports.Sum(r => r.Rows.Count), Is.EqualTo(buffer.RowsAdded), "and reported exactly once");
                Assert.That(written.Count + unknown.Count + failed.Count, Is.EqualTo(buffer.RowsAdded), "no row in two reports");
                Assert.That(stored, Has.Count.EqualTo(storedSet.Count), "no row stored twice");
                Assert.That(written.Where(id => !storedSet.Contains(id)), Is.Empty, "everything reported written is stored");
                Assert.That(storedSet.Where(id => !written.Contains(id) && !unknown.Contains(id)), Is.Empty, "nothing stored that was reported failed or never added");
                Assert.That(deadLetterRows, Is.EqualTo(unknown.Count + failed.Count), "every row not written is in a dead-letter file");
            });
        }
        finally
        {
            await stop.CancelAsync();
            await buffer.DisposeAsync();
            Directory.Delete(deadLetters, recursive: true);
        }
    }

    // One batch of one row in flight (the server is paused), one cut and waiting for a slot, Capacity queued.
    private static ClickHouseIngestBufferOptions StuckOptions(ClickHouseIngestFullMode mode)
        => new() { MaxBatchRows = 1, Capacity = Capacity, MaxConcurrentFlushes = 1, MaxBatchDelay = TimeSpan.FromMilliseconds(10), FullMode = mode };

    // Adds until the buffer cannot move: Capacity rows queued plus the two batches of one row the loop holds.
    private static async Task<ulong> FillUntilStuckAsync(ClickHouseIngestBuffer<Row> buffer, ulong next)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(buffer.QueueDepth == Capacity && buffer.RowsPending == Capacity + 2))
        {
            // Below capacity TryAdd never needs its FullMode (only this thread adds, the loop only takes).
            if (buffer.QueueDepth >= Capacity || !buffer.TryAdd(new Row(next, "fills")))
            {
                await Task.Delay(10, patience.Token);
                continue;
            }

            next++;
        }

        return next;
    }

    private async Task<string> CreateTableAsync()
    {
        var table = TestSettings.UniqueTable("ingest_fault");
        await HttpAsync($"CREATE TABLE {table} (id UInt64, payload String) ENGINE = MergeTree ORDER BY id");
        return table;
    }

    private static long NativeRows(string path)
    {
        using var file = File.OpenRead(path);
        return NativeFormat.ReadBlocks(file).Sum(block => (long)block.ResultRows.Count);
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    public sealed record Row(ulong Id, string Payload);
}
