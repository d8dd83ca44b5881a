using Ja4Data.Cli.Bench;
using Ja4Data.Cli.Reports;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class BenchReportTests
{
    private const string Insert = "INSERT 1,000 rows, Null engine";

    private static readonly BenchMeasurement Reference = new(Insert, "clickhouse-client (C++) < Native file", true, 1000, "rows", 260_000, [2.0, 1.0, 3.0]);
    private static readonly BenchMeasurement Fast = new(Insert, "Ja4Data bulk writer, columnar", false, 1000, "rows", 260_000, [1.0, 1.0, 1.5], BenchGoal.BulkInsert, [0.4, 0.3, 0.5]);
    private static readonly BenchMeasurement Slow = new(Insert, "Ja4Data, rows", false, 1000, "rows", 260_000, [2.5], BenchGoal.RowInsert);
    private static readonly BenchMeasurement Alone = new("SELECT 1", "Ja4Data QueryAsync", false, 500, "queries", 0, [0.5], BenchGoal.Queries);

    [Test]
    public void Measurement_MedianAndThroughput()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Reference.MedianSeconds, Is.EqualTo(2.0));
            Assert.That(Reference.Throughput, Is.EqualTo(500));
            Assert.That(Reference.MegabytesPerSecond, Is.EqualTo(0.13).Within(1e-12));
        });
    }

    [Test]
    public void Compare_RatiosAgainstTheScenarioReference_AndGoals()
    {
        var comparisons = BenchComparison.Compare([Reference, Fast, Slow, Alone]);

        Assert.Multiple(() =>
        {
            Assert.That(comparisons[0].SpeedRatio, Is.EqualTo(1.0));
            Assert.That(comparisons[0].GoalMet, Is.Null, "the reference has no goal");
            Assert.That(comparisons[1].SpeedRatio, Is.EqualTo(2.0));
            Assert.That(comparisons[1].TimeRatio, Is.EqualTo(0.5));
            Assert.That(comparisons[1].GoalMet, Is.True, "0.5x time <= 0.8x");
            Assert.That(comparisons[2].TimeRatio, Is.EqualTo(1.25).Within(1e-12));
            Assert.That(comparisons[2].GoalMet, Is.False);
            Assert.That(comparisons[3].SpeedRatio, Is.Null, "no reference in that scenario");
            Assert.That(comparisons[3].GoalMet, Is.Null);
        });
    }

    [TestCase(1.25, true)]
    [TestCase(1.2499, false)]
    public void BulkInsertGoal_IsTimeAtMostPointEight(double speedRatio, bool met)
        => Assert.That(BenchGoal.BulkInsert.IsMetBy(speedRatio), Is.EqualTo(met));

    [Test]
    public void Csv_HeaderAndQuotedFields()
    {
        var csv = BenchCsv.Render(BenchComparison.Compare([Reference, Fast])).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(csv[0], Is.EqualTo(BenchCsv.Header));
            Assert.That(csv[1], Does.StartWith("\"INSERT 1,000 rows, Null engine\",clickhouse-client (C++) < Native file,true,1000,rows,260000,2,,500,"));
            Assert.That(csv[2], Does.Contain(",1,0.4,1000,").And.Contain(",0.5,2,time <= 0.8x,true,1;1;1.5"));
            Assert.That(csv[1].Split(',').Length, Is.EqualTo(BenchCsv.Header.Split(',').Length + 2), "the two commas inside the quoted scenario");
        });
    }

    [TestCase("plain", "plain")]
    [TestCase("a,b", "\"a,b\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Csv_Quote(string field, string expected) => Assert.That(BenchCsv.Quote(field), Is.EqualTo(expected));

    [Test]
    public void Markdown_TableRowsGoalsAndNotes()
    {
        var md = BenchMarkdown.Render(Result());

        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| Scenario | Contender | Median time |"));
            Assert.That(md, Does.Contain("| INSERT 1,000 rows, Null engine | Ja4Data bulk writer, columnar | 1.000 s | 1,000 rows/s | 0.3 | 0.400 s | 0.50x | time &lt;= 0.8x | yes |"));
            Assert.That(md, Does.Contain("| 0.1 | - | 1.00x |"), "no CPU figure for the reference here");
            Assert.That(md, Does.Contain("| Ja4Data, rows | 2.500 s"));
            Assert.That(md, Does.Contain("**no**"));
            Assert.That(md, Does.Contain("(reference)"));
            Assert.That(md, Does.Contain("- a note"));
            Assert.That(md, Does.Contain("test CPU"));
        });
    }

    [Test]
    public void BenchmarkReport_ParsesQps()
    {
        const string json = """
            {
            "statistics": {
            "QPS": 1309.3694646364966,
            "RPS": 1309.3694646364966,
            "num_queries": 2000
            },
            "query_time_percentiles": { "50": 0.0049 }
            }
            """;

        Assert.Multiple(() =>
        {
            Assert.That(BenchmarkReport.ParseQps(json), Is.EqualTo(1309.3694646364966));
            Assert.That(() => BenchmarkReport.ParseQps("{}"), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void PythonPeer_ParsesTheLastOutputLine()
    {
        var runs = PythonDriverPeer.ParseRuns("warning: something\n{\"seconds\": [1.5, 2.25], \"cpu\": [1.0, 2.0], \"rows\": 10}\n");

        Assert.That(runs.Select(r => (r.Elapsed.TotalSeconds, r.Cpu!.Value.TotalSeconds)), Is.EqualTo(new[] { (1.5, 1.0), (2.25, 2.0) }));
    }

    [Test]
    public async Task PythonPeer_EmbeddedScript_LoadsAndCompiles()
    {
        var script = PythonDriverPeer.Script.Value;
        var python = ExternalProcess.Which("python3");
        if (python is null)
        {
            Assert.Ignore("python3 is not installed; the script's syntax was not checked.");
        }

        var path = Path.Combine(Path.GetTempPath(), $"ja4data-python-insert-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        try
        {
            var compile = await ExternalProcess.RunAsync(python, ["-c", "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read())", path], null, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(script, Does.Contain("from clickhouse_driver import Client").And.Contain("columnar=True"));
                Assert.That(compile.ExitCode, Is.Zero, compile.StandardError);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void From_KeepsCpuOnlyWhenEveryRunHasIt()
    {
        var all = BenchMeasurement.From(Insert, "x", false, 1, "rows", 0, [new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), new(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3))]);
        var some = BenchMeasurement.From(Insert, "x", false, 1, "rows", 0, [new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), new(TimeSpan.FromSeconds(4), null)]);

        Assert.Multiple(() =>
        {
            Assert.That((all.MedianSeconds, all.MedianCpuSeconds), Is.EqualTo((3.0, (double?)2.0)));
            Assert.That(some.MedianCpuSeconds, Is.Null);
        });
    }

    [TestCase("0.15 0.07\n", 0.22)]
    [TestCase("Command exited with non-zero status 1\n1.50 0.25", 1.75)]
    public void ParseTimeReport_SumsUserAndSystem(string report, double seconds)
        => Assert.That(RunSample.ParseTimeReport(report)!.Value.TotalSeconds, Is.EqualTo(seconds).Within(1e-9));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("garbage")]
    public void ParseTimeReport_Malformed_IsNull(string? report) => Assert.That(RunSample.ParseTimeReport(report), Is.Null);

    [Test]
    public void ParseTimeReport_WithPeakMemoryLine_ReadsBoth()
    {
        const string report = "71840\n0.28 0.04\n";
        Assert.Multiple(() =>
        {
            Assert.That(RunSample.ParsePeakKilobytes(report), Is.EqualTo(71_840));
            Assert.That(RunSample.ParseTimeReport(report)!.Value.TotalSeconds, Is.EqualTo(0.32).Within(1e-9));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0.15 0.07\n")]
    [TestCase("Command exited with non-zero status 1\n1.50 0.25")]
    public void ParsePeakKilobytes_NoPeakLine_IsNull(string? report) => Assert.That(RunSample.ParsePeakKilobytes(report), Is.Null);

    internal static BenchResult Result() => new(
        new BenchOptions(1000, 3, 500, 8, "out", "db", UsePython: false),
        new MachineInfo("test CPU", 2, 8L << 30, "Linux", ".NET 10"),
        "18.16.1",
        BenchComparison.Compare([Reference, Fast, Slow, Alone]),
        ["a note"],
        DateTimeOffset.UnixEpoch);
}
