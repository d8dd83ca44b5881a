using System.Collections.Concurrent;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;
using NUnit.Framework;

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
        => await IngestAndVerifyAsync(line => new object?[] { line }, columnNames: ["raw"]);

    private async Task IngestAndVerifyAsync<T>(Func<string, T> row, IReadOnlyList<string>? columnNames)
    {
        var batch = new HttpLogBatch(Rows);
        new HttpLogGenerator(seed: 16, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1), Rows).Fill(batch, 0, 0, Rows);
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

        var stored = (await _client.QueryAsync($"SELECT ts_ms, src_ip, src_port, bytes FROM {_settings.LogsTable("http_logs")}")).ResultRows
            .Select(r => ((ulong)r[0]!, (string)r[1]!, (ushort)r[2]!, (ulong)r[3]!))
            .Order()
            .ToList();
        var generated = Enumerable.Range(0, Rows)
            .Select(i => (batch.TimestampMs[i], batch.SourceIp[i], batch.SourcePort[i], batch.Bytes[i]))
            .Order()
            .ToList();
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
}
