using Ja4Data.Cli.Bench;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class CliSupportTests
{
    private static readonly double[] ExpectedDelays = [100.0, 200, 400, 500, 500];

    [TestCase("plain/path-1.txt")]
    [TestCase("it's")]
    [TestCase("two words")]
    [TestCase("$HOME `x` \\ \"q\"")]
    [TestCase("")]
    public async Task ShellQuote_RoundTripsThroughSh(string word)
    {
        var result = await ExternalProcess.ShellAsync("printf %s " + ExternalProcess.ShellQuote(word), null, CancellationToken.None);

        Assert.That(result.StandardOutput, Is.EqualTo(word));
    }

    [Test]
    public async Task RunAsync_FailingTool_EnsureSuccessCarriesStderr()
    {
        var result = await ExternalProcess.ShellAsync("echo boom >&2; exit 3", null, CancellationToken.None);

        Assert.That(() => result.EnsureSuccess("the tool"), Throws.InvalidOperationException.With.Message.Contains("exit code 3").And.Message.Contains("boom"));
    }

    [Test]
    public void Which_FindsShAndNotNonsense()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExternalProcess.Which("sh"), Is.Not.Null);
            Assert.That(ExternalProcess.Which("no-such-tool-ja4data"), Is.Null);
        });
    }

    [Test]
    public void TsvWriter_EscapesAndWritesTwelveFields()
    {
        var batch = new HttpLogBatch(1);
        new HttpLogGenerator(1, 0, TimeSpan.FromMinutes(1), 1).Fill(batch, 0, 0, 1);
        batch.UserAgent[0] = "a\tb\\c\nd";
        using var writer = new StringWriter();

        TsvWriter.Write([batch], writer);

        var line = writer.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(line, Does.EndWith("\n"));
            Assert.That(line.TrimEnd('\n').Split('\t'), Has.Length.EqualTo(HttpLogBatch.ColumnNames.Count));
            Assert.That(line, Does.Contain("\ta\\tb\\\\c\\nd\t"));
        });
    }

    [Test]
    public void MachineInfo_ReadsProcFiles()
    {
        var dir = Directory.CreateTempSubdirectory("ja4data-cli-tests-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "cpuinfo"), "processor\t: 0\nmodel name\t: Test CPU @ 3.0GHz\n");
            File.WriteAllText(Path.Combine(dir, "meminfo"), "MemTotal:       24683688 kB\nMemFree: 1 kB\n");
            File.WriteAllText(Path.Combine(dir, "loadavg"), "0.52 0.58 0.59 1/123 4567\n");

            Assert.Multiple(() =>
            {
                Assert.That(MachineInfo.CpuModel(Path.Combine(dir, "cpuinfo")), Is.EqualTo("Test CPU @ 3.0GHz"));
                Assert.That(MachineInfo.MemoryTotal(Path.Combine(dir, "meminfo")), Is.EqualTo(24683688L * 1024));
                Assert.That(MachineInfo.CpuModel(Path.Combine(dir, "missing")), Is.Null);
                Assert.That(MachineInfo.LoadAverage(Path.Combine(dir, "loadavg")), Is.EqualTo("0.52 0.58 0.59"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void IsSafeToRetry_OnlyWhatProvablyDidNotRun()
    {
        Assert.Multiple(() =>
        {
            Assert.That(IngestRunner.IsSafeToRetry(new ClickHouseConnectionException("refused", ClickHouseOutcome.NotExecuted)), Is.True);
            Assert.That(IngestRunner.IsSafeToRetry(new ClickHouseConnectionException("reset mid-insert", ClickHouseOutcome.Unknown)), Is.False);
            Assert.That(IngestRunner.IsSafeToRetry(new ClickHouseInsertOutcomeUnknownException("t", "q", 10, 1, new IOException())), Is.False);
            Assert.That(IngestRunner.IsSafeToRetry(new ClickHouseServerException(60, "DB::Exception", "Table doesn't exist", string.Empty)), Is.False);
        });
    }

    [Test]
    public void Backoff_DoublesFromTheBaseUpToTheCap()
    {
        var settings = new ClickHouseSettings { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromMilliseconds(500) };

        Assert.That(Enumerable.Range(0, 5).Select(a => IngestRunner.Backoff(settings, a).TotalMilliseconds), Is.EqualTo(ExpectedDelays));
    }

    [Test]
    public void Units_InvariantFormatting()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Units.Count(1234567.4), Is.EqualTo("1,234,567"));
            Assert.That(Units.Megabytes(12_345_678), Is.EqualTo("12.3 MB"));
            Assert.That(Units.Cell(0.1 + 0.2), Is.EqualTo("0.3"));
            Assert.That(Units.Cell(null), Is.EqualTo("NULL"));
        });
    }

    [Test]
    public void WideTable_CreateSql_HasEveryColumnWithItsType()
        => Assert.That(
            WideTable.CreateSql("`db`.`t`", WideTable.Null),
            Is.EqualTo("CREATE TABLE IF NOT EXISTS `db`.`t` (ts_ms UInt64, src_ip String, src_port UInt16, host String, method String, path String, status UInt16, ja4 String, ja4h String, user_agent String, bytes UInt64, latency_ms Float64) ENGINE = Null"));
}
