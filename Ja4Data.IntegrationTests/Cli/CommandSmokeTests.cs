using System.Globalization;
using Ja4Data.Cli.Bench;
using Ja4Data.Cli.Commands;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Hosting;
using Ja4Data.Cli.Ingest;

namespace Ja4Data.IntegrationTests.Cli;

/// <summary>demo, bench and schema deploy run in-process against the shared server with tiny sizes.</summary>
[TestFixture]
public sealed class CommandSmokeTests
{
    private static readonly string[] ReportFiles = ["bench.md", "bench.csv", "bench.svg", "bench.png"];
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    private ScratchDatabases _databases = null!;
    private TempDirectory _output = null!;
    private ClickHouseSettings _settings = null!;

    [SetUp]
    public void SetUp()
    {
        _databases = ScratchDatabases.Create("it_demo");
        _output = new TempDirectory("ja4data-bench-it-");
        _settings = _databases.Apply(ServerTarget.ForLocal(TestSettings.Shared(), TestServer.Endpoint, minPoolSize: 8))
            with { Compression = ClickHouseCompression.Lz4 };
    }

    [TearDown]
    public async Task TearDown()
    {
        await _databases.DropAsync();
        _output.Dispose();
    }

    [Test]
    public async Task Demo_TinyRun_DeploysIngestsThroughTheViewsAndAnswersEveryQuery()
    {
        using var console = new CliConsole();
        var options = IngestOptions.Recent(3000, workers: 2, batchSize: 1000, InsertMode.Columnar, seed: 5, blockSize: 500);

        var result = await DemoCommand.RunAsync(_settings, options, console.Console, CancellationToken.None);

        var stuffer = HttpLogVocabulary.Default.Profiles.Single(p => p.Behavior == ClientBehavior.CredentialStuffer);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result.Schema.Outcomes.Select(o => o.Status), Has.Some.EqualTo(MigrationStatus.Applied));
            Assert.That(result.Ingest.Rows, Is.EqualTo(3000));
            Assert.That(await Scalar($"SELECT count() FROM {_databases.Logs}.http_logs"), Is.EqualTo("3000"));
            Assert.That(result.Analytics, Has.Count.EqualTo(DemoQueries.For(_settings).Count));
            Assert.That(result.Analytics[0].ResultRows, Is.Not.Empty, "top fingerprints");
            Assert.That(result.Analytics[0].ResultRows.Select(r => r[1]), Has.Some.EqualTo("Chrome"), "labelled from known_fingerprints");
            Assert.That(result.Analytics[1].ResultRows.Sum(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)), Is.EqualTo(3000), "requests per host add up");
            Assert.That(result.Analytics[2].ResultRows.Select(r => r[0]), Is.EqualTo(new[] { stuffer.Ja4 }), "only the stuffer claims several browsers");
            Assert.That(console.Output, Does.Contain("rows/s").And.Contain("login.shop.example"));
        });
    }

    [Test]
    public async Task Bench_TinyRun_ComparesWithTheCppToolsAndWritesTheReports()
    {
        using var console = new CliConsole();
        var options = new BenchOptions(3000, Repeat: 1, Select1Queries: 40, Concurrency: 2, _output.Path, _databases.Bench, UsePython: false);

        var result = await BenchCommand.RunAsync(_settings, options, console.Console, CancellationToken.None);

        var references = result.Comparisons.Where(c => c.Measurement.IsReference).Select(c => c.Measurement.Scenario).ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result.Comparisons.Where(c => c.Measurement.Contender.StartsWith("Ja4Data", StringComparison.Ordinal)), Has.Exactly(13).Items, "4 inserts x 2 tables, 3 SELECT readers, SELECT 1 async and sync");
            Assert.That(result.Comparisons.Select(c => c.Measurement.Scenario).Distinct().Count(), Is.EqualTo(5), "INSERT into 2 engines, SELECT streamed, SELECT held in memory, SELECT 1");
            Assert.That(references, Is.Unique.And.Count.EqualTo(4), "clickhouse-client and clickhouse-benchmark are installed with the server");
            Assert.That(result.Comparisons.Where(c => c.Measurement.Goal is not null).Select(c => c.GoalMet), Is.All.Not.Null);
            Assert.That(result.Files.Select(Path.GetFileName), Is.EqualTo(ReportFiles));
            Assert.That((await File.ReadAllBytesAsync(Path.Combine(_output.Path, "bench.png"))).Take(4), Is.EqualTo(PngMagic));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(_output.Path, "bench.svg")), Does.Contain("<svg").And.Contain("SELECT 3,000 rows").And.Contain("Ja4Data DbDataReader"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(_output.Path, "bench.md")), Does.Contain("| SELECT 3,000 rows, streamed | Ja4Data DbDataReader"));
            Assert.That(await Scalar($"SELECT count() FROM system.databases WHERE name = '{_databases.Bench}'"), Is.EqualTo("0"), "the scratch database is dropped");
        });
    }

    [Test]
    public async Task SchemaDeploy_DryRun_PrintsTheSqlAndCreatesNothing()
    {
        using var console = new CliConsole();

        var result = await SchemaDeployCommand.RunAsync(_settings, dryRun: true, console.Console, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(console.Output, Does.Contain($"CREATE TABLE IF NOT EXISTS `{_databases.Logs}`.http_logs_raw").And.Contain("planned"));
            Assert.That(await Scalar($"SELECT count() FROM system.databases WHERE name IN ('{_databases.Logs}', '{_databases.Processing}')"), Is.EqualTo("0"));
        });
    }

    [Test]
    public async Task SchemaDeploy_Twice_SecondReportsAlreadyApplied()
    {
        using (var first = new CliConsole())
        {
            await SchemaDeployCommand.RunAsync(_settings, dryRun: false, first.Console, CancellationToken.None);
        }

        using var console = new CliConsole();

        var second = await SchemaDeployCommand.RunAsync(_settings, dryRun: false, console.Console, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(second.Statements, Is.Empty);
            Assert.That(console.Output, Does.Contain("already applied"));
        });
    }

    private static async Task<string> Scalar(string sql) => (await ClickHouseHttp.QueryAsync(TestServer.Endpoint, sql)).Trim();
}
