using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ja4Data.IntegrationTests.Facade;

/// <summary>ClickHouseIngestBuffer against the shared live server: when batches are cut, flushing, draining, many producers.</summary>
[TestFixture]
public sealed class IngestBufferLiveTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClickHouseClient _client = null!;
    private string _table = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _client = new ClickHouseClient(TestSettings.Shared());
        _table = TestSettings.UniqueTable("ingest");
        await _client.CommandAsync($"CREATE TABLE {_table} (id UInt64, producer UInt8, payload String) ENGINE = MergeTree ORDER BY id");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _client.CommandAsync($"DROP TABLE IF EXISTS {_table}");
        await _client.DisposeAsync();
    }

    [Test]
    public async Task AddAsync_MaxBatchRowsReached_WritesFullBatchesWithoutWaitingForTheDelay()
    {
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<Hit>>();
        await using var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { MaxBatchRows = 100, MaxBatchDelay = TimeSpan.FromHours(1) });
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);

        for (var i = 0; i < 350; i++)
        {
            await buffer.AddAsync(new Hit((ulong)i, 0, $"row {i}"));
        }

        await WaitUntilAsync(() => buffer.RowsWritten >= 300);
        Assert.Multiple(async () =>
        {
            Assert.That(reports.Select(r => (r.Outcome, r.Rows.Count)), Is.EqualTo(Enumerable.Repeat((ClickHouseIngestOutcome.Written, 100), 3)));
            Assert.That(reports.OrderBy(r => r.Batch).SelectMany(r => r.Rows).Select(r => r.Id), Is.EqualTo(Enumerable.Range(0, 300).Select(i => (ulong)i)), "batches keep the order rows were added in");
            Assert.That(buffer.RowsPending, Is.EqualTo(50), "the last 50 wait for the hour-long delay");
            Assert.That(await CountAsync(), Is.EqualTo(300));
        });
    }

    [Test]
    public async Task AddAsync_LoneRow_WrittenAfterMaxBatchDelay()
    {
        await using var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { MaxBatchRows = 1000, MaxBatchDelay = TimeSpan.FromMilliseconds(200) });

        await buffer.AddAsync(new Hit(1, 0, "alone"));

        await WaitUntilAsync(() => buffer.RowsWritten == 1);
        Assert.That(await CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task FlushAsync_RowsWaitingForAnHourLongDelay_WrittenWhenItCompletes()
    {
        await using var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { MaxBatchDelay = TimeSpan.FromHours(1) });
        for (var i = 0; i < 10; i++)
        {
            Assert.That(buffer.TryAdd(new Hit((ulong)i, 0, "x")), Is.True);
        }

        await buffer.FlushAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(buffer.RowsWritten, Is.EqualTo(10));
            Assert.That(buffer.RowsPending, Is.Zero);
            Assert.That(await CountAsync(), Is.EqualTo(10));
        });
        await buffer.FlushAsync(); // nothing pending: completes at once
    }

    [Test]
    public async Task DisposeAsync_RowsQueuedAndInFlight_AllWrittenBeforeItReturns_ThenAddsFail()
    {
        var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { MaxBatchRows = 500, Capacity = 2000, MaxConcurrentFlushes = 1, MaxBatchDelay = TimeSpan.FromHours(1) });
        for (var i = 0; i < 5000; i++)
        {
            await buffer.AddAsync(new Hit((ulong)i, 0, "drain"));
        }

        await buffer.DisposeAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(buffer.RowsWritten, Is.EqualTo(5000));
            Assert.That(buffer.RowsNotWritten, Is.Zero);
            Assert.That(await CountAsync(), Is.EqualTo(5000));
        });
    }

    [Test]
    public async Task FlushAsync_ColumnTypeAlteredWhileRunning_BatchEncodedForTheNewTypeAndWritten()
    {
        await using var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { MaxBatchDelay = TimeSpan.FromHours(1) });
        await buffer.AddAsync(new Hit(1, 1, "before"));
        await buffer.FlushAsync();

        await _client.CommandAsync($"ALTER TABLE {_table} MODIFY COLUMN producer UInt16");
        await buffer.AddAsync(new Hit(2, 2, "after"));
        await buffer.FlushAsync();
        await buffer.AddAsync(new Hit(3, 3, "next batch learns the new columns"));
        await buffer.FlushAsync();

        var types = (await _client.QueryAsync($"SELECT toTypeName(producer) AS type, count() FROM {_table} GROUP BY type")).ResultRows.Single();
        Assert.Multiple(() =>
        {
            Assert.That((buffer.RowsWritten, buffer.RowsNotWritten), Is.EqualTo((3L, 0L)));
            Assert.That(types, Is.EqualTo(new object[] { "UInt16", 3UL }));
        });
    }

    [Test]
    public async Task AddAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table);
        await buffer.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ObjectDisposedException>(async () => await buffer.AddAsync(new Hit(1, 0, "late")));
            Assert.Throws<ObjectDisposedException>(() => buffer.TryAdd(new Hit(1, 0, "late")));
        });
    }

    [Test]
    public async Task AddAsync_SixteenProducers_EveryRowStoredExactlyOnce()
    {
        const int producers = 16;
        const int perProducer = 50_000;
        await using var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { MaxBatchRows = 50_000, Capacity = 100_000, MaxConcurrentFlushes = 2 });

        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await buffer.AddAsync(new Hit((ulong)((p * perProducer) + i), (byte)p, "e"));
            }
        })));
        await buffer.FlushAsync();

        var stored = (await _client.QueryAsync($"SELECT count(), uniqExact(id), max(id) FROM {_table}")).ResultRows.Single();
        Assert.Multiple(() =>
        {
            Assert.That(buffer.RowsWritten, Is.EqualTo(producers * perProducer));
            Assert.That(buffer.RowsNotWritten, Is.Zero);
            Assert.That(stored, Is.EqualTo(new object[] { (ulong)producers * perProducer, (ulong)producers * perProducer, (ulong)(producers * perProducer) - 1 }));
        });
    }

    [Test]
    public async Task AddAsync_ValueThatDoesNotFit_ReportedAloneAndTheRestOfItsBatchWritten()
    {
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<object?[]>>();
        await using var buffer = new ClickHouseIngestBuffer<object?[]>(_client, _table, new() { ColumnNames = ["id", "producer", "payload"], MaxBatchDelay = TimeSpan.FromHours(1) });
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);

        await buffer.AddAsync([1UL, (byte)1, "good"]);
        await buffer.AddAsync([2UL, 300, "producer out of UInt8 range"]);
        await buffer.AddAsync([3UL, (byte)1, "good"]);
        await buffer.FlushAsync();

        var failed = reports.Single(r => r.Outcome == ClickHouseIngestOutcome.Failed);
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Rows.Single()[0], Is.EqualTo(2UL));
            Assert.That(failed.Error, Is.InstanceOf<ClickHouseDataException>().With.Message.Contains("producer"));
            Assert.That(reports.Single(r => r.Outcome == ClickHouseIngestOutcome.Written).Rows.Select(r => r[0]), Is.EqualTo(new object[] { 1UL, 3UL }));
            Assert.That((buffer.RowsWritten, buffer.RowsNotWritten), Is.EqualTo((2L, 1L)));
            Assert.That(await CountAsync(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AddAsync_MissingTable_EveryRowReportedFailedAndWrittenToTheDeadLetterDirectoryOnlyIfEncoded()
    {
        var directory = Directory.CreateTempSubdirectory("ja4-deadletter-").FullName;
        try
        {
            var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<Hit>>();
            await using var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table + "_missing", new() { DeadLetterDirectory = directory, MaxBatchDelay = TimeSpan.FromHours(1) });
            buffer.BatchCompleted += (_, report) => reports.Enqueue(report);

            await buffer.AddAsync(new Hit(1, 0, "nowhere"));
            await buffer.FlushAsync();

            var report = reports.Single();
            Assert.Multiple(() =>
            {
                Assert.That(report.Outcome, Is.EqualTo(ClickHouseIngestOutcome.Failed));
                Assert.That(report.Error, Is.InstanceOf<ClickHouseServerException>().With.Message.Contains("_missing"));
                Assert.That(buffer.RowsNotWritten, Is.EqualTo(1));
                Assert.That(report.DeadLetterPath, Is.Null, "the columns were never learned: there is no Native block to write");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task DeadLetter_BatchFailsAfterItsDataLeft_FileReplaysAndKeyFindsDuplicates()
    {
        var directory = Directory.CreateTempSubdirectory("ja4-deadletter-").FullName;
        var copy = _table + "_copy";
        await _client.CommandAsync($"CREATE TABLE {_table}_seen (id UInt64) ENGINE = MergeTree ORDER BY id");
        await _client.CommandAsync($"CREATE MATERIALIZED VIEW {_table}_mv TO {_table}_seen AS SELECT throwIf(payload = 'poison') + id AS id FROM {_table}");
        await _client.CommandAsync($"CREATE TABLE {copy} (id UInt64, producer UInt8, payload String) ENGINE = MergeTree ORDER BY id");
        try
        {
            var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<Hit>>();
            await using (var buffer = new ClickHouseIngestBuffer<Hit>(_client, _table, new() { DeadLetterDirectory = directory, MaxBatchDelay = TimeSpan.FromHours(1) }))
            {
                buffer.BatchCompleted += (_, report) => reports.Enqueue(report);
                for (var i = 0; i < 100; i++)
                {
                    await buffer.AddAsync(new Hit((ulong)i, 1, i == 50 ? "poison" : "fine"));
                }
            }

            var report = reports.Single();
            var written = report.DeadLetterPath is { } path && File.Exists(path);
            var first = await global::Ja4Data.Cli.Commands.ReplayCommand.RunAsync(_client, directory, copy, key: null, delete: false, CancellationToken.None);
            var again = await global::Ja4Data.Cli.Commands.ReplayCommand.RunAsync(_client, directory, copy, key: "id", delete: true, CancellationToken.None);
            var stored = (await _client.QueryAsync($"SELECT count(), uniqExact(id) FROM {copy}")).ResultRows.Single();
            Assert.Multiple(() =>
            {
                Assert.That(report.Outcome, Is.EqualTo(ClickHouseIngestOutcome.OutcomeUnknown), "the view failed after the block was sent");
                Assert.That(report.Error, Is.InstanceOf<ClickHouseInsertOutcomeUnknownException>());
                Assert.That(written, Is.True, "the dead-letter file existed before the replay");
                Assert.That(report.DeadLetterPath, Does.EndWith(".OutcomeUnknown.native"));
                Assert.That(first.Select(o => (o.Rows, o.Duplicates, o.Inserted)), Is.EqualTo(new[] { (100L, 0L, 100L) }));
                Assert.That(again.Select(o => (o.Rows, o.Duplicates, o.Inserted)), Is.EqualTo(new[] { (100L, 100L, 0L) }), "every row is already stored");
                Assert.That(stored, Is.EqualTo(new object[] { 100UL, 100UL }));
                Assert.That(Directory.GetFiles(directory), Is.Empty, "--delete removed the replayed file");
            });
        }
        finally
        {
            await _client.CommandAsync($"DROP TABLE IF EXISTS {_table}_mv");
            await _client.CommandAsync($"DROP TABLE IF EXISTS {_table}_seen");
            await _client.CommandAsync($"DROP TABLE IF EXISTS {copy}");
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task HostedBuffer_GracefulShutdown_FlushesRowsStillWaiting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddJa4Data(Hosting.ServiceRegistrationLiveTests.SharedServerSection("ClickHouse", "ingest-host"));
        builder.Services.AddJa4DataIngestBuffer<Hit>(_table, new ClickHouseIngestBufferOptions { MaxBatchDelay = TimeSpan.FromHours(1) });
        using var host = builder.Build();
        await host.StartAsync();
        var buffer = host.Services.GetRequiredService<ClickHouseIngestBuffer<Hit>>();
        for (var i = 0; i < 1234; i++)
        {
            await buffer.AddAsync(new Hit((ulong)i, 7, "hosted"));
        }

        Assert.That(buffer.RowsWritten, Is.Zero, "nothing is due before the hour-long delay");
        await host.StopAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(buffer.RowsWritten, Is.EqualTo(1234));
            Assert.That(await CountAsync(), Is.EqualTo(1234));
        });
    }

    private async Task<long> CountAsync() => (long)(await _client.QueryAsync<ulong>($"SELECT count() FROM {_table}")).Single();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public sealed record Hit(ulong Id, byte Producer, string Payload);
}
