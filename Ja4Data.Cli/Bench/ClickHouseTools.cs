using System.Globalization;
using System.Security;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// ClickHouse's own C++ tools, pointed at the benchmarked server. A password goes to clickhouse-client in a private
/// config file, never on its command line; clickhouse-benchmark (18.16) only takes <c>--password</c>, so it gets it
/// there and is never shown.
/// </summary>
internal sealed class ClickHouseTools : IDisposable
{
    private readonly ClickHouseSettings _settings;
    private readonly string _workDirectory;
    private readonly string? _configFile;

    private ClickHouseTools(ClickHouseSettings settings, string client, string? benchmark, string workDirectory)
    {
        _settings = settings;
        ClientPath = client;
        BenchmarkPath = benchmark;
        _workDirectory = workDirectory;
        if (settings.Password.Length > 0)
        {
            _configFile = Path.Combine(workDirectory, "clickhouse-client.xml");
            File.WriteAllText(_configFile, $"<config><password>{SecurityElement.Escape(settings.Password)}</password></config>");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    public string ClientPath { get; }

    public string? BenchmarkPath { get; }

    /// <summary>The tools if clickhouse-client is on PATH (clickhouse-benchmark is optional), else null.</summary>
    public static ClickHouseTools? Find(ClickHouseSettings settings, string workDirectory)
        => ExternalProcess.Which("clickhouse-client") is { } client
            ? new ClickHouseTools(settings, client, ExternalProcess.Which("clickhouse-benchmark"), workDirectory)
            : null;

    /// <summary>Wall time of <c>clickhouse-client --query "SELECT 1"</c>: process start, connect, one query (part of every timed run of the tool).</summary>
    public async Task<TimeSpan> StartupAsync(CancellationToken cancellationToken)
        => (await ExternalProcess.RunAsync(ClientPath, [.. ClientArguments(), "--query", "SELECT 1"], null, cancellationToken)).EnsureSuccess("clickhouse-client --query \"SELECT 1\"").Elapsed;

    /// <summary>Runs a statement and returns its TabSeparated output.</summary>
    public async Task<string> QueryAsync(string sql, CancellationToken cancellationToken)
        => (await ExternalProcess.RunAsync(ClientPath, [.. ClientArguments(), "--query", sql], null, cancellationToken)).EnsureSuccess($"clickhouse-client --query \"{sql}\"").StandardOutput;

    /// <summary><c>clickhouse-client --query "INSERT ..." &lt; file</c>.</summary>
    public Task<RunSample> InsertFromFileAsync(string insertSql, string inputFile, CancellationToken cancellationToken)
        => TimedAsync($"{Command([.. ClientArguments(), "--query", insertSql])} < {ExternalProcess.ShellQuote(inputFile)}", $"clickhouse-client --query \"{insertSql}\" < {inputFile}", cancellationToken);

    /// <summary><c>clickhouse-client --query "SELECT ..." &gt; file</c> (use /dev/null to discard).</summary>
    public Task<RunSample> SelectToFileAsync(string selectSql, string outputFile, CancellationToken cancellationToken, params string[] extraArguments)
        => TimedAsync($"{Command([.. ClientArguments(), .. extraArguments, "--query", selectSql])} > {ExternalProcess.ShellQuote(outputFile)}", $"clickhouse-client --query \"{selectSql}\" > {outputFile}", cancellationToken);

    /// <summary><c>clickhouse-benchmark -c C -i N</c> on one query; the sample's wall time is derived from the QPS of its JSON report.</summary>
    public async Task<RunSample> BenchmarkAsync(string query, int concurrency, int iterations, CancellationToken cancellationToken)
    {
        var tool = BenchmarkPath ?? throw new InvalidOperationException("clickhouse-benchmark is not installed.");
        var queryFile = Path.Combine(_workDirectory, "benchmark-query.sql");
        var reportFile = Path.Combine(_workDirectory, "benchmark-report.json");
        await File.WriteAllTextAsync(queryFile, query + "\n", cancellationToken);
        string[] arguments =
        [
            .. ConnectionArguments(), .. _settings.Password.Length > 0 ? ["--password", _settings.Password] : Array.Empty<string>(),
            "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-i", iterations.ToString(CultureInfo.InvariantCulture), "-d", "0", "--json", reportFile,
        ];
        var run = await TimedAsync(
            $"{ExternalProcess.ShellQuote(tool)} {string.Join(' ', arguments.Select(ExternalProcess.ShellQuote))} < {ExternalProcess.ShellQuote(queryFile)}",
            $"clickhouse-benchmark -c {concurrency} -i {iterations}",
            cancellationToken);
        var qps = BenchmarkReport.ParseQps(await File.ReadAllTextAsync(reportFile, cancellationToken));
        return run with { Elapsed = TimeSpan.FromSeconds(iterations / qps) };
    }

    private Task<RunSample> TimedAsync(string command, string what, CancellationToken cancellationToken)
        => TimedShell.RunAsync(command, what, _workDirectory, cancellationToken);

    private string Command(IEnumerable<string> arguments)
        => string.Join(' ', new[] { ClientPath }.Concat(arguments).Select(ExternalProcess.ShellQuote));

    private List<string> ClientArguments()
    {
        var arguments = ConnectionArguments();
        if (_configFile is not null)
        {
            arguments.AddRange(["--config-file", _configFile]);
        }

        return arguments;
    }

    private List<string> ConnectionArguments()
    {
        var arguments = new List<string> { "--host", _settings.Host, "--port", _settings.Port.ToString(CultureInfo.InvariantCulture), "--user", _settings.User };
        if (_settings.Secure)
        {
            arguments.Add("--secure");
        }

        return arguments;
    }

    public void Dispose()
    {
        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }
    }
}
