using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ja4Data.IntegrationTests.Hosting;

/// <summary>
/// samples/IngestWorker as a user runs it: the built worker process against the live server, configured through
/// ClickHouse__* variables, stopped with SIGTERM. Every row it reports inserted must be in the table, and it must exit
/// cleanly after flushing its last batch.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class IngestWorkerSampleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task IngestWorker_RunsAgainstTheServer_AndFlushesEverythingOnSigterm()
    {
        Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is how the test stops the worker.");
        var endpoint = TestServer.Endpoint;
        var table = TestSettings.UniqueTable("sample_ingest");
        var output = new StringBuilder();
        using var worker = Start(endpoint, table, output);
        try
        {
            Assert.That(
                await Eventually.TrueAsync(async () => await CountAsync(table) > 0 && Output(output).Contains("Health ja4data: Healthy", StringComparison.Ordinal), Patience),
                Is.True,
                $"No rows arrived or no healthy report. Output:\n{Output(output)}");

            // What systemd, Kubernetes and docker stop send; the Generic Host turns it into a graceful stop.
            using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                Assert.That(kill.ExitCode, Is.Zero);
            }

            Assert.That(worker.WaitForExit(Patience), Is.True, $"The worker did not stop after SIGTERM. Output:\n{Output(output)}");
            worker.WaitForExit(); // drains the output handlers

            var log = Output(output);
            var stopped = StoppedLine().Match(log);
            Assert.That(stopped.Success, Is.True, log);
            var reported = long.Parse(stopped.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Multiple(async () =>
            {
                Assert.That(worker.ExitCode, Is.Zero, log);
                Assert.That(reported, Is.GreaterThan(0));
                Assert.That(await CountAsync(table), Is.EqualTo(reported), "rows in the table = rows the worker reported, the last batch included");
                // The console exporter shows the library's spans and metrics.
                Assert.That(log, Does.Contain("db.system.name: clickhouse"));
                Assert.That(log, Does.Contain("db.client.operation.duration"));
                Assert.That(log, Does.Not.Contain("Unhandled exception"));
            });
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }

            await ClickHouseHttp.QueryAsync(endpoint, $"DROP TABLE IF EXISTS {table}");
        }
    }

    private static Process Start(LocalServer.ClickHouseEndpoint endpoint, string table, StringBuilder output)
    {
        var directory = Path.Combine(RepoRoot.Path, "samples", "IngestWorker", "bin", Configuration, "net10.0");
        var dll = Path.Combine(directory, "IngestWorker.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is missing: the solution builds it (dotnet build Ja4Data.sln -c {Configuration}).");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ClickHouse__Host"] = endpoint.Host,
                ["ClickHouse__Port"] = endpoint.Port.ToString(CultureInfo.InvariantCulture),
                ["ClickHouse__User"] = endpoint.User,
                ["ClickHouse__Password"] = endpoint.Password,
                ["ClickHouse__Database"] = "default",
                ["Ingest__Table"] = table,
                ["Ingest__BatchSize"] = "200",
                ["DOTNET_ENVIRONMENT"] = "Production",
            },
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Configuration =>
        typeof(IngestWorkerSampleTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Output(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task<long> CountAsync(string table)
    {
        var exists = await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"EXISTS TABLE {table}");
        return exists.Trim() == "1"
            ? long.Parse((await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"SELECT count() FROM {table}")).Trim(), CultureInfo.InvariantCulture)
            : 0;
    }

    [GeneratedRegex(@"Stopped: (\d+) rows inserted")]
    private static partial Regex StoppedLine();
}
