using System.Globalization;
using System.Text;
using Ja4Data.Cli.Bench;
using Ja4Data.Cli.Output;

namespace Ja4Data.Cli.Reports;

/// <summary>The benchmark's Markdown report (the table docs/performance.md quotes).</summary>
internal static class BenchMarkdown
{
    public static string Render(BenchResult result)
    {
        var md = new StringBuilder();
        md.AppendLine("# Ja4Data benchmark");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {result.Machine}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Server: ClickHouse {result.ServerVersion}; run finished {result.Finished.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Data: {Units.Count(result.Options.Rows)} generated JA4 HTTP log rows, 12 columns shaped like `http_logs` (UInt64, UInt16, Float64 and 7 String columns); every contender gets the same rows");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Each figure is the median of {result.Options.Repeat} runs; contenders take turns within a run. \"vs C++\" is the contender's time over the C++ tool's for the same work (below 1 is faster). \"Client CPU\" is the CPU time of the contender's own process (user + system), which the server did not get on a shared machine.");
        md.AppendLine();
        md.AppendLine("| Scenario | Contender | Median time | Throughput | MB/s | Client CPU | vs C++ (time) | Goal | Met |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var c in result.Comparisons)
        {
            var m = c.Measurement;
            md.Append(CultureInfo.InvariantCulture, $"| {Escape(m.Scenario)} | {Escape(m.Contender)}{(m.IsReference ? " (reference)" : string.Empty)} | {Units.Seconds(m.MedianSeconds)} | ")
                .Append(CultureInfo.InvariantCulture, $"{Units.Count(m.Throughput)} {m.Unit}/s | {(m.PayloadBytes > 0 ? m.MegabytesPerSecond.ToString("N1", CultureInfo.InvariantCulture) : "-")} | ")
                .Append(CultureInfo.InvariantCulture, $"{(m.MedianCpuSeconds is { } cpu ? Units.Seconds(cpu) : "-")} | ")
                .Append(CultureInfo.InvariantCulture, $"{(c.TimeRatio is { } t ? Units.Ratio(t) : "-")} | {(m.Goal is { } g ? Escape(g.Text) : string.Empty)} | {c.GoalMet switch { true => "yes", false => "**no**", null => string.Empty }} |")
                .AppendLine();
        }

        if (result.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Notes:");
            md.AppendLine();
            foreach (var note in result.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return md.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
