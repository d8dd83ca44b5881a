using System.Diagnostics;
using System.Globalization;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// One timed run: wall time, the CPU time the contender's own process spent and its peak resident memory in bytes
/// (each null when unknown).
/// </summary>
internal readonly record struct RunSample(TimeSpan Elapsed, TimeSpan? Cpu, long? PeakBytes = null)
{
    /// <summary>Runs <paramref name="run"/> in this process, measuring wall time and this process's CPU time.</summary>
    public static async Task<RunSample> MeasureAsync(Func<Task> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await run();
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return new RunSample(elapsed, process.TotalProcessorTime - cpuBefore);
    }

    /// <summary>
    /// The CPU time in a GNU time <c>-f "%U %S"</c> report (user and system seconds on the last line); null when
    /// the report is missing or malformed.
    /// </summary>
    public static TimeSpan? ParseTimeReport(string? report)
    {
        var last = report?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var parts = last?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [var user, var system]
            && double.TryParse(user, NumberStyles.Float, CultureInfo.InvariantCulture, out var u)
            && double.TryParse(system, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                ? TimeSpan.FromSeconds(u + s)
                : null;
    }

    /// <summary>
    /// The peak resident set in KiB on the first line of a GNU time <c>-f "%M\n%U %S"</c> report; null when missing or
    /// malformed.
    /// </summary>
    public static long? ParsePeakKilobytes(string? report)
    {
        var first = report?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return long.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes : null;
    }
}
