using System.Globalization;
using System.Text;
using Ja4Data.Cli.Bench;

namespace Ja4Data.Cli.Reports;

/// <summary>The benchmark as CSV (RFC 4180 quoting), one line per contender and scenario.</summary>
internal static class BenchCsv
{
    public const string Header = "scenario,contender,reference,operations,unit,payload_bytes,median_seconds,median_cpu_seconds,throughput_per_second,mb_per_second,time_ratio,speed_ratio,goal,goal_met,samples_seconds";

    public static string Render(IEnumerable<BenchComparison> comparisons)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var c in comparisons)
        {
            var m = c.Measurement;
            string[] fields =
            [
                m.Scenario, m.Contender, m.IsReference ? "true" : "false", Number(m.Operations), m.Unit, Number(m.PayloadBytes),
                Number(m.MedianSeconds), Number(m.MedianCpuSeconds), Number(m.Throughput), Number(m.MegabytesPerSecond), Number(c.TimeRatio), Number(c.SpeedRatio),
                m.Goal?.Text ?? string.Empty, c.GoalMet switch { true => "true", false => "false", null => string.Empty },
                string.Join(';', m.Seconds.Select(s => Number(s))),
            ];
            csv.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Quotes a field when it holds a comma, quote or line break; quotes inside are doubled.</summary>
    public static string Quote(string field)
        => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Number(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;
}
