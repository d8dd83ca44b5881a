using System.Globalization;

namespace Ja4Data.Cli.Reports;

/// <summary>
/// A horizontal bar chart: groups of labelled bars on one shared axis from 0, a dashed marker line at
/// <see cref="Marker"/> (1.0 = the reference), the value printed after each bar.
/// </summary>
internal sealed class BarChart(string title, string subtitle, IReadOnlyList<BarChartGroup> groups)
{
    private const int Scale = 2;
    private const int Margin = 24;
    private const int LineHeight = (BitmapFont.GlyphHeight * Scale) + 10;
    private const int BarHeight = BitmapFont.GlyphHeight * Scale + 4;
    private const int BarAreaWidth = 560;
    private const int ValueWidth = 90;

    /// <summary>Where the dashed marker line goes (in value units).</summary>
    public double Marker { get; init; } = 1.0;

    /// <summary>Legend lines at the bottom: text and colour swatch.</summary>
    public IReadOnlyList<(string Text, Rgb Color)> Legend { get; init; } = [];

    public PixelCanvas Render()
    {
        var labelWidth = groups.SelectMany(g => g.Bars).Select(b => BitmapFont.MeasureWidth(b.Label, Scale)).DefaultIfEmpty(0).Max() + 16;
        var headerWidth = Math.Max(BitmapFont.MeasureWidth(title, Scale), BitmapFont.MeasureWidth(subtitle, Scale));
        var width = Math.Max((2 * Margin) + labelWidth + BarAreaWidth + ValueWidth, (2 * Margin) + headerWidth);
        var rows = groups.Sum(g => g.Bars.Count + 1);
        var height = Margin + (2 * LineHeight) + 8 + (rows * LineHeight) + (2 * LineHeight) + (Legend.Count * LineHeight) + Margin;
        var canvas = new PixelCanvas(width, height, Rgb.White);

        var y = Margin;
        canvas.DrawText(Margin, y, title, Rgb.Black, Scale);
        y += LineHeight;
        canvas.DrawText(Margin, y, subtitle, Rgb.Grey, Scale);
        y += LineHeight + 8;

        var axisMax = AxisMax(groups.SelectMany(g => g.Bars).Select(b => b.Value).Append(Marker).Max());
        var x0 = Margin + labelWidth;
        int Position(double value) => x0 + (int)Math.Round(value / axisMax * BarAreaWidth);

        // The reference marker goes under the bars, so a bar crossing it stays one solid run of colour.
        canvas.DashedVerticalLine(Position(Marker), y, rows * LineHeight, Rgb.Black);
        foreach (var group in groups)
        {
            canvas.DrawText(Margin, y + 3, group.Heading, Rgb.Black, Scale);
            y += LineHeight;
            foreach (var bar in group.Bars)
            {
                canvas.DrawText(Margin + 8, y + 3, bar.Label, Rgb.Black, Scale);
                canvas.FillRectangle(x0, y, Math.Max(Position(bar.Value) - x0, 1), BarHeight, bar.Color);
                canvas.DrawText(Position(bar.Value) + 6, y + 3, bar.Value.ToString("0.00", CultureInfo.InvariantCulture) + "x", Rgb.Black, Scale);
                y += LineHeight;
            }
        }

        // Axis with ticks every 0.5 below the plot.
        canvas.FillRectangle(x0, y, BarAreaWidth + 1, 1, Rgb.Grey);
        for (var tick = 0.0; tick <= axisMax + 1e-9; tick += 0.5)
        {
            canvas.FillRectangle(Position(tick), y, 1, 5, Rgb.Grey);
            var text = tick.ToString("0.0", CultureInfo.InvariantCulture);
            canvas.DrawText(Position(tick) - (BitmapFont.MeasureWidth(text, Scale) / 2), y + 8, text, Rgb.Grey, Scale);
        }

        y += 2 * LineHeight;
        foreach (var (text, color) in Legend)
        {
            canvas.FillRectangle(Margin, y, BarHeight, BarHeight, color);
            canvas.DrawText(Margin + BarHeight + 8, y + 3, text, Rgb.Black, Scale);
            y += LineHeight;
        }

        return canvas;
    }

    /// <summary>The axis end: at least 2, rounded up to a multiple of 0.5 with 10% headroom.</summary>
    internal static double AxisMax(double largest) => Math.Max(2.0, Math.Ceiling(largest * 1.1 * 2) / 2);
}
