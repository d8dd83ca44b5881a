using System.Globalization;
using Ja4Data.Cli.Bench;

namespace Ja4Data.Cli.Reports;

/// <summary>The benchmark as a bar chart of speed relative to ClickHouse's C++ tools (1.0 = as fast).</summary>
internal static class BenchChart
{
    public static BarChart Build(BenchResult result)
    {
        var groups = result.Comparisons
            .Where(c => c.SpeedRatio is not null)
            .GroupBy(c => c.Measurement.Scenario)
            .Select(g => new BarChartGroup(g.Key, [.. g.Select(c => new BarChartBar(c.Measurement.Contender, c.SpeedRatio!.Value, ColorOf(c)))]))
            .ToList();
        return new BarChart(
            "Ja4Data vs ClickHouse's C++ tools: throughput relative to the C++ tool (higher is better)",
            string.Create(CultureInfo.InvariantCulture, $"ClickHouse {result.ServerVersion}; {result.Machine.Cpu}, {result.Machine.LogicalCores} cores; median of {result.Options.Repeat} runs"),
            groups)
        {
            Legend =
            [
                ("Ja4Data, goal met", Rgb.Green),
                ("Ja4Data, goal missed", Rgb.Red),
                ("Ja4Data, no goal", Rgb.Blue),
                ("ClickHouse C++ tool (reference, 1.0x)", Rgb.Grey),
                ("Other client", Rgb.Orange),
            ],
        };
    }

    private static Rgb ColorOf(BenchComparison comparison) => comparison switch
    {
        { Measurement.IsReference: true } => Rgb.Grey,
        { GoalMet: true } => Rgb.Green,
        { GoalMet: false } => Rgb.Red,
        _ when comparison.Measurement.Contender.StartsWith("Ja4Data", StringComparison.Ordinal) => Rgb.Blue,
        _ => Rgb.Orange,
    };
}
