using System.Collections.Concurrent;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;

namespace Ja4Data.IntegrationTests.Facade;

/// <summary>
/// ClickHouseIngestBuffer on the ja4 raw-log path: producers add single JSON lines to <c>http_logs_raw</c> and the
/// schema's materialized views parse them into <c>http_logs</c>. The raw table leaves <c>ingested_at</c> to
/// <c>DEFAULT now()</c>, so a batch of unknown outcome would never be re-sent there: every row must still arrive once.
/// </summary>
[TestFixture]
public sealed class IngestBufferRawLogLiveTests
{
    private const int Producers = 16;
    private const int PerProducer = 2_500;
    private const int Rows = Producers * PerProducer;

    private static readonly string[] RawColumn = ["raw"];

    private ScratchDatabases _databases = null!;
    private ClickHouseSettings _settings = null!;
    private ClickHouseClient _client = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _databases = ScratchDatabases.Create("it_rawbuf");
        _settings = _databases.Apply(TestSettings.Shared());
        _client = new ClickHouseClient(_settings);
        await new SchemaDeployer(_client, _settings).DeployAsync();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _client.DisposeAsync();
        await _databases.DropAsync();
    }

    [Test]
    public async Task AddAsync_SixteenProducersOfJsonLineRecords_EveryLineParsedIntoHttpLogsExactlyOnce()
        => await IngestAndVerifyAsync(line => new RawLogLine(line), columnNames: null);

    [Test]
    public async Task AddAsync_SixteenProducersOfPositionalJsonLines_EveryLineParsedIntoHttpLogsExactlyOnce()
        => await IngestAndVerifyAsync(line => new object?[] { line }, columnNames: RawColumn);

    /// <summary>
    /// A raw batch whose data left but whose insert failed in a materialized view: the raw table stamps ingested_at with
    /// now(), so the batch is reported OutcomeUnknown after one attempt, never re-sent; its dead-letter file holds only
    /// the raw column, and replayed into a fresh ja4 schema every line arrives parsed in http_logs.
    /// </summary>
    [Test]
    public async Task DeadLetter_RawBatchOfUnknownOutcome_ReportedNotResent_ReplayParsesEveryLineIntoAFreshSchema()
    {
        const int rows = 100;
        var directory = Directory.CreateTempSubdirectory("ja4-raw-deadletter-").FullName;
        var fresh = ScratchDatabases.Create("it_rawreplay");
        var freshSettings = fresh.Apply(TestSettings.Shared());
        try
        {
            await _client.CommandAsync($"CREATE TABLE {_databases.Logs}.poisoned (x UInt8) ENGINE = Memory");
            await _client.CommandAsync($"CREATE MATERIALIZED VIEW {_databases.Logs}.mv_poison TO {_databases.Logs}.poisoned AS SELECT throwIf(position(raw, '/poison') > 0) AS x FROM {_settings.LogsTable("http_logs_raw")}");
            var batch = Generate(rows);
            batch.Path[50] = "/poison";
            var encoder = new JsonLineEncoder();
            var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<RawLogLine>>();
            var buffer = new ClickHouseIngestBuffer<RawLogLine>(_client, _settings.LogsTable("http_logs_raw"), new() { DeadLetterDirectory = directory, MaxBatchDelay = TimeSpan.FromHours(1) });
            buffer.BatchCompleted += (_, report) => reports.Enqueue(report);
            for (var i = 0; i < rows; i++)
            {
                await buffer.AddAsync(new RawLogLine(encoder.ToJson(batch, i)));
            }

            await buffer.DisposeAsync();
            var report = reports.Single();
            IReadOnlyList<string> columns = [];
            if (report.DeadLetterPath is { } path && File.Exists(path))
            {
                await using var file = File.OpenRead(path);
                columns = NativeFormat.ReadBlocks(file).First().ColumnNames;
            }

            await using var freshClient = new ClickHouseClient(freshSettings);
            await new SchemaDeployer(freshClient, freshSettings).DeployAsync();
            var replayed = await global::Ja4Data.Cli.Commands.ReplayCommand.RunAsync(freshClient, directory, freshSettings.LogsTable("http_logs_raw"), key: null, delete: false, CancellationToken.None);
            var parsed = await StoredAsync(freshClient, freshSettings);
            var unstamped = (await freshClient.QueryAsync<ulong>($"SELECT count() FROM {freshSettings.LogsTable("http_logs")} WHERE ingested_at < now() - 3600")).Single();
            Assert.Multiple(() =>
            {
                Assert.That((report.Outcome, report.Attempts), Is.EqualTo((ClickHouseIngestOutcome.OutcomeUnknown, 1)), "never re-sent: a repeat would get another ingested_at");
                Assert.That(report.Error, Is.InstanceOf<ClickHouseInsertOutcomeUnknownException>());
                Assert.That((buffer.RowsWritten, buffer.RowsNotWritten), Is.EqualTo((0L, (long)rows)));
                Assert.That(columns, Is.EqualTo(RawColumn), "the dead letter leaves ingested_at to the server, as the producers did");
                Assert.That(replayed.Select(o => (o.Rows, o.Duplicates, o.Inserted)), Is.EqualTo(new[] { ((long)rows, 0L, (long)rows) }));
                Assert.That(parsed, Is.EqualTo(Expected(batch)), "every dead-lettered line parsed once in the fresh schema");
                Assert.That(unstamped, Is.Zero, "ingested_at is the replay's now()");
            });
        }
        finally
        {
            await fresh.DropAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task IngestAndVerifyAsync<T>(Func<string, T> row, IReadOnlyList<string>? columnNames)
    {
        var batch = Generate(Rows);
        var encoder = new JsonLineEncoder();
        var rows = Enumerable.Range(0, Rows).Select(i => row(encoder.ToJson(batch, i))).ToArray();
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<T>>();
        var buffer = new ClickHouseIngestBuffer<T>(_client, _settings.LogsTable("http_logs_raw"), new()
        {
            ColumnNames = columnNames,
            MaxBatchRows = 5_000,
            Capacity = 10_000,
            MaxConcurrentFlushes = 2,
        });
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);

        await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < Rows; i += Producers)
            {
                await buffer.AddAsync(rows[i]);
            }
        })));
        await buffer.DisposeAsync();

        var stored = await StoredAsync(_client, _settings);
        var generated = Expected(batch);
        var raw = (await _client.QueryAsync<ulong>($"SELECT count() FROM {_settings.LogsTable("http_logs_raw")}")).Single();
        Assert.Multiple(() =>
        {
            Assert.That((buffer.RowsAdded, buffer.RowsWritten, buffer.RowsNotWritten), Is.EqualTo(((long)Rows, (long)Rows, 0L)));
            Assert.That(reports.Select(r => r.Outcome).Distinct(), Is.EqualTo(new[] { ClickHouseIngestOutcome.Written }));
            Assert.That(reports.Sum(r => r.Rows.Count), Is.EqualTo(Rows), "each row reported in exactly one batch");
            Assert.That(reports.Count, Is.GreaterThanOrEqualTo(Rows / 5_000), "batches of at most 5,000 rows");
            Assert.That(raw, Is.EqualTo((ulong)Rows), "one raw line per added row");
            Assert.That(stored, Is.EqualTo(generated), "http_logs holds exactly the generated rows, each once");
        });
    }

    private static HttpLogBatch Generate(int rows)
    {
        var batch = new HttpLogBatch(rows);
        new HttpLogGenerator(seed: 16, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1), rows).Fill(batch, 0, 0, rows);
        return batch;
    }

    // What identifies a generated row (it has no id), sorted: equal lists mean every row once.
    private static List<(ulong, string, ushort, ulong)> Expected(HttpLogBatch batch)
        => [.. Enumerable.Range(0, batch.Count).Select(i => (batch.TimestampMs[i], batch.SourceIp[i], batch.SourcePort[i], batch.Bytes[i])).Order()];

    private static async Task<List<(ulong, string, ushort, ulong)>> StoredAsync(ClickHouseClient client, ClickHouseSettings settings)
        => [.. (await client.QueryAsync($"SELECT ts_ms, src_ip, src_port, bytes FROM {settings.LogsTable("http_logs")}")).ResultRows
            .Select(r => ((ulong)r[0]!, (string)r[1]!, (ushort)r[2]!, (ulong)r[3]!))
            .Order()];
}
