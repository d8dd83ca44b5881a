namespace Ja4Data.Cli.Reports;

/// <summary>A group of bars under a heading.</summary>
internal sealed record BarChartGroup(string Heading, IReadOnlyList<BarChartBar> Bars);
