using Ja4Data.Cli.Reports;
using NUnit.Framework;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class BarChartTests
{
    [Test]
    public void Glyphs_EveryCharacterOfTheLabels_IsDrawable()
    {
        const string used = "Ja4Data vs ClickHouse's C++ tools; INSERT 1,000,000 rows (AppendColumn<T>) -c 8 > /dev/null 1.25x [ok] 50% QPS_";

        Assert.That(used.Where(c => c != ' ' && BitmapFont.Glyph(c).SequenceEqual(BitmapFont.Glyph('?')) && c != '?'), Is.Empty);
    }

    [Test]
    public void Glyph_One_IsTheClassicPattern()
        => Assert.That(BitmapFont.Glyph('1').ToArray(), Is.EqualTo(new byte[] { 0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E }));

    [Test]
    public void MeasureWidth_AdvancePerCharacterWithoutTrailingGap()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BitmapFont.MeasureWidth("ab", 2), Is.EqualTo(((2 * BitmapFont.Advance) - 1) * 2));
            Assert.That(BitmapFont.MeasureWidth(string.Empty, 2), Is.Zero);
        });
    }

    [Test]
    public void DrawText_SetsExactlyTheGlyphPixels()
    {
        var canvas = new PixelCanvas(10, 10, Rgb.White);

        canvas.DrawText(1, 1, "1", Rgb.Black, scale: 1);

        Assert.Multiple(() =>
        {
            Assert.That(canvas.GetPixel(1 + 2, 1), Is.EqualTo(Rgb.Black), "top of the 1");
            Assert.That(canvas.GetPixel(1, 1), Is.EqualTo(Rgb.White));
            Assert.That(canvas.GetPixel(1 + 1, 1 + 6), Is.EqualTo(Rgb.Black), "left of the foot");
        });
    }

    [Test]
    public void Render_BarLengths_AreProportionalToTheValues()
    {
        var chart = new BarChart("t", "s", [new BarChartGroup("g", [new BarChartBar("a", 1.0, Rgb.Blue), new BarChartBar("b", 2.0, Rgb.Green)])]);

        var canvas = chart.Render();

        var blue = LongestRun(canvas, Rgb.Blue);
        var green = LongestRun(canvas, Rgb.Green);
        Assert.Multiple(() =>
        {
            Assert.That(blue, Is.GreaterThan(100));
            Assert.That(green, Is.InRange((2 * blue) - 2, (2 * blue) + 2));
        });
    }

    [Test]
    public void Render_ProducesADecodablePngOfTheCanvasSize()
    {
        var canvas = new BarChart("title", "subtitle", [new BarChartGroup("g", [new BarChartBar("a", 0.5, Rgb.Red)])]).Render();

        var png = canvas.ToPng();

        Assert.Multiple(() =>
        {
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), Is.EqualTo(canvas.Width));
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), Is.EqualTo(canvas.Height));
        });
    }

    [TestCase(0.3, 2.0)]
    [TestCase(1.9, 2.5)]
    [TestCase(3.2, 4.0)]
    public void AxisMax_RoundsUpWithHeadroom(double largest, double expected)
        => Assert.That(BarChart.AxisMax(largest), Is.EqualTo(expected));

    private static int LongestRun(PixelCanvas canvas, Rgb color)
    {
        var longest = 0;
        for (var y = 0; y < canvas.Height; y++)
        {
            var run = 0;
            for (var x = 0; x < canvas.Width; x++)
            {
                run = canvas.GetPixel(x, y) == color ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
        }

        return longest;
    }
}
