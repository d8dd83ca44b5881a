using System.Globalization;
using Ja4Data.Cli.Bench;
using ScottPlot;
// Spectre.Console, imported project-wide, has a Color too.
using Color = ScottPlot.Color;

namespace Ja4Data.Cli.Reports;

/// <summary>
/// The benchmark as a grouped bar chart: one group per scenario, one bar per contender, height = speed relative to
/// the scenario's ClickHouse C++ tool (1.0 = as fast, higher is better), the value above each bar, each goal drawn as
/// a red line across its bar and the C++ tool's 1.0 as a line across the plot.
/// </summary>
internal static class BenchChart
{
    public const int Width = 1400;

    public const int Height = 720;

    /// <summary>Legend text of the goal lines.</summary>
    public const string GoalLegend = "Goal: the bar must reach its red line";

    /// <summary>Legend text of the references' bars and their 1.0 line.</summary>
    public const string ReferenceLegend = "ClickHouse C++ tool (reference = 1.0x)";

    private const double BarWidth = 0.8;

    private const string SansFont = "DejaVu Sans";

    private static readonly Color ReferenceColor = Color.FromHex("#8C8C8C");

    private static readonly Color OtherClientColor = Color.FromHex("#FF7F0E");

    /// <summary>The goal lines' colour (and nothing else's).</summary>
    public const string GoalColorHex = "#C00000";

    private static readonly Color GoalColor = Color.FromHex(GoalColorHex);

    // Category10 without its grey, orange and red, which mean "reference", "another client" and "goal" here.
    private static readonly Color[] Ja4DataColors = [.. new[] { "#1F77B4", "#2CA02C", "#9467BD", "#17BECF", "#8C564B", "#E377C2", "#BCBD22" }.Select(Color.FromHex)];

    /// <summary>Writes the chart as SVG (scales, text stays text) and PNG (what every viewer shows the same).</summary>
    public static void Save(BenchResult result, string svgPath, string pngPath)
    {
        using var plot = Build(result);
        plot.SaveSvg(svgPath, Width, Height);
        plot.SavePng(pngPath, Width, Height);
    }

    public static Plot Build(BenchResult result)
    {
        var plot = new Plot();
        try
        {
            Draw(plot, result);
            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    private static void Draw(Plot plot, BenchResult result)
    {
        if (Fonts.GetTypeface(SansFont, bold: false, italic: false).FamilyName == SansFont)
        {
            // Without fontconfig the default resolves to DejaVu Serif on Debian; the Sans face reads better small.
            plot.Font.Set(SansFont);
        }

        var scenarios = result.Comparisons
            .Where(c => c.SpeedRatio is not null)
            .GroupBy(c => c.Measurement.Scenario, StringComparer.Ordinal)
            .ToList();
        var colors = ContenderColors(scenarios.SelectMany(g => g));

        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var top = 1.0;
        var x = 0.0;
        foreach (var scenario in scenarios)
        {
            var first = x;
            foreach (var comparison in scenario)
            {
                var speed = comparison.SpeedRatio!.Value;
                bars.Add(new Bar
                {
                    Position = x,
                    Value = speed,
                    Size = BarWidth,
                    FillColor = colors[comparison.Measurement.IsReference ? ReferenceLegend : comparison.Measurement.Contender],
                    LineWidth = 0,
                    Label = speed.ToString("0.00", CultureInfo.InvariantCulture) + "x",

                    // Clear of a goal line just above the bar.
                    LabelOffset = 16,
                });
                if (comparison.Measurement.Goal is { } goal)
                {
                    var line = plot.Add.Line(x - (BarWidth * 0.6), goal.MinSpeedRatio, x + (BarWidth * 0.6), goal.MinSpeedRatio);
                    line.LineColor = GoalColor;
                    line.LineWidth = 3;
                    line.MarkerSize = 0;
                    top = Math.Max(top, goal.MinSpeedRatio);
                }

                top = Math.Max(top, speed);
                x++;
            }

            ticks.Add(new Tick((first + x - 1) / 2, TwoLines(scenario.Key), isMajor: true));
            x++;
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 13;
        plot.MoveToBack(barPlot);

        var reference = plot.Add.HorizontalLine(1.0, 1.5f, ReferenceColor, LinePattern.Dotted);
        reference.LabelText = string.Empty;

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.SetLimits(-0.75, Math.Max(x - 1.25, 0.75), 0, Math.Ceiling(top * 1.15 * 4) / 4);

        plot.Title(string.Create(
            CultureInfo.InvariantCulture,
            $"Ja4Data vs ClickHouse {result.ServerVersion}'s C++ tools\n{result.Machine.Cpu}, {result.Machine.LogicalCores} cores; {result.Options.Rows:N0} rows; median of {result.Options.Repeat} runs"),
            size: 18);
        plot.YLabel("Speed vs the C++ tool (x, higher is better)", size: 15);
        plot.XLabel("Scenario", size: 15);

        foreach (var (label, color) in colors)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color, OutlineWidth = 0 });
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = GoalLegend, LineColor = GoalColor, LineWidth = 3 });
        plot.Legend.FontSize = 13;
        plot.ShowLegend(Edge.Bottom);
    }

    /// <summary>One colour per contender in order of appearance; every C++ reference shares one grey.</summary>
    private static Dictionary<string, Color> ContenderColors(IEnumerable<BenchComparison> comparisons)
    {
        var colors = new Dictionary<string, Color>(StringComparer.Ordinal);
        var next = 0;
        foreach (var measurement in comparisons.Select(c => c.Measurement))
        {
            if (measurement.IsReference)
            {
                colors.TryAdd(ReferenceLegend, ReferenceColor);
            }
            else if (!colors.ContainsKey(measurement.Contender))
            {
                colors[measurement.Contender] = measurement.Contender.StartsWith("Ja4Data", StringComparison.Ordinal)
                    ? Ja4DataColors[next++ % Ja4DataColors.Length]
                    : OtherClientColor;
            }
        }

        return colors;
    }

    /// <summary>"INSERT 1,000,000 rows, Null engine" under its group as two lines, cut at the last ", ".</summary>
    private static string TwoLines(string scenario)
    {
        var cut = scenario.LastIndexOf(", ", StringComparison.Ordinal);
        return cut < 0 ? scenario : scenario[..cut] + "\n" + scenario[(cut + 2)..];
    }
}
