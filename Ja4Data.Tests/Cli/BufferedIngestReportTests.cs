using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;

namespace Ja4Data.Tests.Cli;

/// <summary>The buffered ingest report: what it shows, and the arrival check of the raw-log path.</summary>
[TestFixture]
public sealed class BufferedIngestReportTests
{
    [TestCase(1000, 998, true, true)]
    [TestCase(999, 997, true, false)]
    [TestCase(1001, 998, true, false)]
    [TestCase(1000, 997, true, false)]
    [TestCase(1000, 998, false, false)]
    public void EveryRowOnce_StoredAgainstGenerated_OnlyWhenCountDistinctAndSumAllMatch(long stored, long storedDistinct, bool sumsMatch, bool expected)
        => Assert.That(new ArrivalCheck("l.http_logs", 1000, stored, 998, storedDistinct, sumsMatch).EveryRowOnce, Is.EqualTo(expected));

    [Test]
    public void FromBufferedIngest_RawLogRun_ShowsRatesBatchesLatenciesQueueDepthMemoryAndArrival()
    {
        var report = Report() with { Arrival = new ArrivalCheck("l.http_logs", 1000, 999, 998, 997, SumsMatch: false) };

        var text = Render(ResultTables.FromBufferedIngest(report));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("rows/s").And.Contain("rows per batch p50 / max").And.Contain("flush latency p50 / p99"));
            Assert.That(text, Does.Contain("AddAsync latency p50 / p99").And.Contain("queue depth over time").And.Contain("0.1s:").And.Contain("peak working set"));
            Assert.That(text, Does.Contain("arrived in l.http_logs").And.Contain("999 of 1,000").And.Contain("differs"));
            Assert.That(text, Does.Contain("every row parsed exactly once").And.Contain("NO"));
        });
    }

    [Test]
    public void FromBufferedIngest_TypedTableRun_HasNoArrivalRows()
        => Assert.That(Render(ResultTables.FromBufferedIngest(Report())), Does.Not.Contain("arrived in").And.Not.Contain("exactly once"));

    private static BufferedIngestReport Report() => new()
    {
        Target = "t",
        Producers = 16,
        Options = "o",
        Rows = 1000,
        RowsWritten = 1000,
        RowsNotWritten = 0,
        Failures = [],
        PayloadBytes = 300_000,
        AddedIn = TimeSpan.FromSeconds(1),
        Elapsed = TimeSpan.FromSeconds(2),
        Batches = 2,
        BatchRowsP50 = 500,
        BatchRowsMax = 600,
        FlushP50Ms = 10,
        FlushP99Ms = 20,
        AddP50Ms = 0.001,
        AddP99Ms = 0.01,
        QueueDepth = [(0.1, 400), (0.2, 100)],
        PeakWorkingSetBytes = 100_000_000,
        AllocatedBytes = 50_000_000,
    };

    private static string Render(Spectre.Console.Rendering.IRenderable table)
    {
        using var writer = new StringWriter();
        CliAppTests.PlainConsole(writer).Write(table);
        return writer.ToString();
    }
}
