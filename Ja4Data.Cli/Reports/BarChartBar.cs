namespace Ja4Data.Cli.Reports;

/// <summary>One bar: a label, its value and its colour.</summary>
internal sealed record BarChartBar(string Label, double Value, Rgb Color);
