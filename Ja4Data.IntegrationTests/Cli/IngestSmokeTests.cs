using System.Globalization;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;

namespace Ja4Data.IntegrationTests.Cli;

/// <summary>The load generator against the live server, with tiny sizes: every generated row must arrive, exactly.</summary>
[TestFixture]
public sealed class IngestSmokeTests
{
    private const int Rows = 1000;

    private ScratchDatabases _databases = null!;
    private ClickHouseSettings _settings = null!;

    [SetUp]
    public void SetUp()
    {
        _databases = ScratchDatabases.Create("it_cli");
        _settings = _databases.Apply(TestSettings.Shared());
    }

    [TearDown]
    public async Task TearDown() => await _databases.DropAsync();

    [TestCase(false)]
    [TestCase(true)]
    public async Task RunAsync_RawJsonTarget_EveryLineArrivesParsedThroughTheMaterializedView(bool rowsApi)
    {
        var options = Options(rowsApi);
        await using var client = new ClickHouseClient(_settings);
        var target = new RawJsonTarget(_settings);
        await target.PrepareServerAsync(client, CancellationToken.None);

        var report = await new IngestRunner(client, target, options).RunAsync(CancellationToken.None);

        var expected = Expected(options);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(report.Rows, Is.EqualTo(Rows));
            Assert.That(report.Batches, Is.EqualTo(4), "1000 rows in batches of 300");
            Assert.That(report.PayloadBytes, Is.GreaterThan(Rows * 200));
            Assert.That(await Scalar($"SELECT count() FROM {_databases.Logs}.http_logs_raw"), Is.EqualTo(Rows.ToString(CultureInfo.InvariantCulture)));
            Assert.That(await Scalar($"SELECT concat(toString(count()), ' ', toString(sum(ts_ms)), ' ', toString(sum(bytes)), ' ', toString(sum(src_port)), ' ', toString(uniqExact(ja4))) FROM {_databases.Logs}.http_logs"), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task RunBufferedAsync_SixteenProducersWithComparison_EveryRowWrittenByEachContender()
    {
        var target = new WideTableTarget(_databases.Logs, "http_logs_buffered", WideTable.MergeTree);
        using var console = new CliConsole();

        var report = await global::Ja4Data.Cli.Commands.IngestCommand.RunBufferedAsync(_settings, target, new BufferedIngestOptions(3000, 16, 500, 1000, 2, 3, Compare: true), console.Console, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((report.RowsWritten, report.RowsNotWritten), Is.EqualTo((3000L, 0L)));
            Assert.That(report.Batches, Is.GreaterThanOrEqualTo(6), "batches of at most 500 rows");
            Assert.That(report.BatchRowsMax, Is.LessThanOrEqualTo(500));
            Assert.That(report.FacadeElapsed, Is.Not.Null);
            Assert.That(report.BulkWriterElapsed, Is.Not.Null);
            Assert.That(console.Output, Does.Contain("Buffered ingest").And.Contain("queue depth over time").And.Contain("one columnar bulk writer"));
            Assert.That(await Scalar($"SELECT concat(toString(count()), ' ', toString(uniqExact(ts_ms, src_ip, src_port)))  FROM {target.Table}"), Is.EqualTo("9000 3000"), "the buffer, the facade and the bulk writer each wrote the 3000 rows once");
        });
    }

    [Test]
    public async Task RunBufferedAsync_RawJsonTargetWithComparison_EveryLineArrivesParsedOnceAndEachContenderWritesIt()
    {
        var target = new RawJsonTarget(_settings);
        using var console = new CliConsole();

        var report = await global::Ja4Data.Cli.Commands.IngestCommand.RunBufferedAsync(_settings, target, new BufferedIngestOptions(2000, 16, 400, 1000, 2, 5, Compare: true), console.Console, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((report.RowsWritten, report.RowsNotWritten), Is.EqualTo((2000L, 0L)));
            Assert.That(report.Arrival, Is.Not.Null);
            Assert.That((report.Arrival!.Rows, report.Arrival.StoredRows, report.Arrival.StoredDistinctRows, report.Arrival.SumsMatch), Is.EqualTo((2000L, 2000L, report.Arrival.DistinctRows, true)));
            Assert.That(report.Arrival.EveryRowOnce, Is.True);
            Assert.That(report.BatchRowsMax, Is.LessThanOrEqualTo(400));
            Assert.That(console.Output, Does.Contain("every row parsed exactly once").And.Contain("one columnar bulk writer"));
            Assert.That(await Scalar($"SELECT toString(count()) FROM {_databases.Logs}.http_logs"), Is.EqualTo("6000"), "the buffer, the facade and the bulk writer each wrote the 2000 lines once");
        });
    }

    /// <summary>
    /// Text that needs escaping in JSON (quotes, backslashes, control characters, DEL, line and paragraph separators)
    /// and text outside ASCII (written as UTF-8, or as a surrogate-pair escape for characters beyond the BMP) must come
    /// out of the materialized view's visitParamExtractString exactly as generated.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task InsertAsync_RawJsonTarget_EscapedTextParsesBackExactlyThroughTheMaterializedView(bool rowsApi)
    {
        string[] paths = ["/a\"b\\c/d", "/tab\tcr\rlf\nbs\bff\f", "/ctl\u0001\u001b[0m\u007f", "/u\u2028\u2029", "/caf\u00e9/\u00fc", "/emoji/\U0001F600", "/<script>&'+`"];
        string[] agents = ["Mozilla/5.0 (\u00fc; \"quoted\")", "curl/8.0 \\ backslash", "agent \U0001F916 robot", "bell\u0007", "\u00ad soft hyphen", "plain", "x"];
        var options = IngestOptions.Recent(paths.Length, workers: 1, batchSize: paths.Length, rowsApi ? InsertMode.Rows : InsertMode.Columnar, seed: 3, blockSize: 4);
        await using var client = new ClickHouseClient(_settings);
        var target = new RawJsonTarget(_settings);
        await target.PrepareServerAsync(client, CancellationToken.None);
        var scratch = new WorkerScratch(paths.Length);
        new HttpLogGenerator(options.Seed, options.StartUnixMs, options.Window, options.Rows).Fill(scratch.Batch, 0, 0, paths.Length);
        paths.CopyTo(scratch.Batch.Path, 0);
        agents.CopyTo(scratch.Batch.UserAgent, 0);

        await using (var connection = await client.ConnectAsync())
        {
            await target.InsertAsync(connection, scratch, options, CancellationToken.None);
        }

        var parsed = await client.QueryAsync($"SELECT path, user_agent FROM {_databases.Logs}.http_logs ORDER BY ts_ms");
        Assert.That(parsed.ResultRows.Select(r => ((string)r[0]!, (string)r[1]!)), Is.EqualTo(paths.Zip(agents)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task RunAsync_WideTarget_TypedValuesArriveExactly(bool rowsApi)
    {
        var options = Options(rowsApi);
        await using var client = new ClickHouseClient(_settings);
        var target = new WideTableTarget(_databases.Bench, "wide", WideTable.MergeTree);
        await target.PrepareServerAsync(client, CancellationToken.None);

        var report = await new IngestRunner(client, target, options).RunAsync(CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(report.Rows, Is.EqualTo(Rows));
            Assert.That(report.Retries, Is.Zero);
            Assert.That(await Scalar($"SELECT concat(toString(count()), ' ', toString(sum(ts_ms)), ' ', toString(sum(bytes)), ' ', toString(sum(src_port)), ' ', toString(uniqExact(ja4))) FROM {_databases.Bench}.wide"), Is.EqualTo(Expected(options)));
            Assert.That(await Scalar($"SELECT toString(sum(length(user_agent)) + sum(length(path)) + sum(length(ja4h))) FROM {_databases.Bench}.wide"), Is.EqualTo(ExpectedStringLengths(options)));
        });
    }

    private static IngestOptions Options(bool rowsApi)
        => IngestOptions.Recent(Rows, workers: 3, batchSize: 300, rowsApi ? InsertMode.Rows : InsertMode.Columnar, seed: 11, blockSize: 128);

    /// <summary>The same rows regenerated here: count, sums and distinct fingerprints, formatted as the server's concat.</summary>
    private static string Expected(IngestOptions options)
    {
        var batches = Batches(options).ToList();
        var ts = batches.Aggregate(0UL, (sum, b) => sum + b.TimestampMs.Take(b.Count).Aggregate(0UL, (s, v) => s + v));
        var bytes = batches.Aggregate(0UL, (sum, b) => sum + b.Bytes.Take(b.Count).Aggregate(0UL, (s, v) => s + v));
        var ports = batches.Sum(b => b.SourcePort.Take(b.Count).Sum(p => (long)p));
        var ja4 = batches.SelectMany(b => b.Ja4.Take(b.Count)).Distinct().Count();
        return string.Create(CultureInfo.InvariantCulture, $"{Rows} {ts} {bytes} {ports} {ja4}");
    }

    private static string ExpectedStringLengths(IngestOptions options)
        => Batches(options).Sum(b => Enumerable.Range(0, b.Count).Sum(i => (long)b.UserAgent[i].Length + b.Path[i].Length + b.Ja4H[i].Length)).ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<HttpLogBatch> Batches(IngestOptions options)
    {
        var generator = new HttpLogGenerator(options.Seed, options.StartUnixMs, options.Window, options.Rows);
        for (long index = 0; index < options.BatchCount; index++)
        {
            var first = index * options.BatchSize;
            var batch = new HttpLogBatch(options.BatchSize);
            generator.Fill(batch, index, first, (int)Math.Min(options.BatchSize, options.Rows - first));
            yield return batch;
        }
    }

    private static async Task<string> Scalar(string sql) => (await ClickHouseHttp.QueryAsync(TestServer.Endpoint, sql)).Trim();
}
