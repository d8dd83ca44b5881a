using System.Globalization;
using System.Text.Json;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// The Python native-protocol driver (Debian's python3-clickhouse-driver), when installed. It loads the TSV file
/// into columns first, connects, then times only <c>execute(INSERT, columns, columnar=True)</c>: its best case. Without
/// the lz4 and clickhouse-cityhash modules it cannot compress, so it sends uncompressed blocks.
/// </summary>
internal sealed class PythonDriverPeer
{
    private const string ScriptResource = "Ja4Data.Cli.Bench.python_insert.py";

    /// <summary>The script (<c>python_insert.py</c>, embedded): it loads the TSV into columns, then times each INSERT.</summary>
    internal static readonly Lazy<string> Script = new(LoadScript);

    private static readonly string[] Interpreters = ["/usr/bin/python3", "python3"];

    private readonly string _python;

    private PythonDriverPeer(string python, string version)
    {
        _python = python;
        Version = version;
    }

    /// <summary>The driver's version.</summary>
    public string Version { get; }

    /// <summary>The first interpreter (Debian's /usr/bin/python3, then python3 on PATH) that imports clickhouse_driver; else null.</summary>
    public static async Task<PythonDriverPeer?> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var candidate in Interpreters.Select(ExternalProcess.Which).OfType<string>().Distinct())
        {
            var probe = await ExternalProcess.RunAsync(candidate, ["-c", "import clickhouse_driver; print(clickhouse_driver.__version__)"], null, cancellationToken);
            if (probe.ExitCode == 0)
            {
                return new PythonDriverPeer(candidate, probe.StandardOutput.Trim());
            }
        }

        return null;
    }

    /// <summary>Inserts the TSV rows <paramref name="repeats"/> times (running <paramref name="beforeEach"/> first); returns the timed runs.</summary>
    public async Task<IReadOnlyList<RunSample>> InsertAsync(ClickHouseSettings settings, string table, string tsvPath, IReadOnlyList<string> types, int repeats, string? beforeEach, string workDirectory, CancellationToken cancellationToken)
    {
        var scriptPath = Path.Combine(workDirectory, "python_insert.py");
        await File.WriteAllTextAsync(scriptPath, Script.Value, cancellationToken);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["CLICKHOUSE_PASSWORD"] = settings.Password };
        var result = (await ExternalProcess.RunAsync(
                _python,
                [scriptPath, settings.Host, settings.Port.ToString(CultureInfo.InvariantCulture), settings.User, table, tsvPath, string.Join(',', types), repeats.ToString(CultureInfo.InvariantCulture), beforeEach ?? string.Empty],
                environment,
                cancellationToken))
            .EnsureSuccess("python clickhouse-driver insert");
        return ParseRuns(result.StandardOutput);
    }

    private static string LoadScript()
    {
        using var stream = typeof(PythonDriverPeer).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"The resource {ScriptResource} is missing from {typeof(PythonDriverPeer).Assembly.GetName().Name}; rebuild Ja4Data.Cli.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The script's last output line: <c>{"seconds": [...], "cpu": [...]}</c>.</summary>
    internal static IReadOnlyList<RunSample> ParseRuns(string output)
    {
        using var document = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var seconds = document.RootElement.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var cpu = document.RootElement.TryGetProperty("cpu", out var c) ? c.EnumerateArray().Select(e => e.GetDouble()).ToList() : [];
        return [.. seconds.Select((s, i) => new RunSample(TimeSpan.FromSeconds(s), i < cpu.Count ? TimeSpan.FromSeconds(cpu[i]) : null))];
    }
}
