using System.Diagnostics;

namespace Ja4Data.Cli.Bench;

/// <summary>Runs peer tools. Elapsed time is wall time from start to exit, as a user of the tool would see it.</summary>
internal static class ExternalProcess
{
    public static Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
        => RunAsync(fileName, arguments, environment, workingDirectory: null, cancellationToken);

    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as one word.</param>
    /// <param name="environment">Variables set on top of this process's environment.</param>
    /// <param name="workingDirectory">Where it runs; null for this process's current directory.</param>
    /// <param name="cancellationToken">Kills the process tree when cancelled.</param>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new ProcessResult(process.ExitCode, await stdout, await stderr, elapsed);
    }

    /// <summary>Runs <paramref name="script"/> with /bin/sh, for the shell redirections the peers are used with (<c>&lt; file</c>, <c>&gt; /dev/null</c>).</summary>
    public static Task<ProcessResult> ShellAsync(string script, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
        => RunAsync("/bin/sh", ["-c", script], environment, cancellationToken);

    /// <summary>Quotes one word for /bin/sh: single quotes, with embedded ones as <c>'\''</c>.</summary>
    public static string ShellQuote(string word)
        => word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? Which(string tool)
    {
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(tool) ? tool : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
    }
}
