namespace Ja4Data.Cli.Bench;

/// <summary>
/// Runs a shell command under GNU time (when installed), for the child's own CPU time and peak resident memory next
/// to the wall time; without GNU time only the wall time is known.
/// </summary>
internal static class TimedShell
{
    private static string? TimeTool { get; } = ExternalProcess.Which("/usr/bin/time");

    /// <param name="command">A /bin/sh command line (redirections allowed).</param>
    /// <param name="what">How a failure names the command.</param>
    /// <param name="workDirectory">Where GNU time's report goes (deleted after reading).</param>
    /// <param name="cancellationToken">Kills the command when cancelled.</param>
    public static async Task<RunSample> RunAsync(string command, string what, string workDirectory, CancellationToken cancellationToken)
    {
        var timeReport = Path.Combine(workDirectory, $"time-report-{Guid.NewGuid():N}.txt");
        // Peak RSS in KiB on the first line, "user system" seconds on the last (what ParseTimeReport reads).
        var timed = TimeTool is null ? command : $"{TimeTool} -f '%M\\n%U %S' -o {ExternalProcess.ShellQuote(timeReport)} sh -c {ExternalProcess.ShellQuote(command)}";
        var result = (await ExternalProcess.ShellAsync(timed, null, cancellationToken)).EnsureSuccess(what);
        if (TimeTool is null || !File.Exists(timeReport))
        {
            return new RunSample(result.Elapsed, null);
        }

        var report = await File.ReadAllTextAsync(timeReport, cancellationToken);
        File.Delete(timeReport);
        return new RunSample(result.Elapsed, RunSample.ParseTimeReport(report), RunSample.ParsePeakKilobytes(report) * 1024);
    }
}
