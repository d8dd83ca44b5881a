using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ja4Data.Cli.Reports;

namespace Ja4Data.Tests.Cli;

/// <summary>The benchmark chart as written to disk: valid SVG and PNG files with the scenario, contenders, values and goals.</summary>
[TestFixture]
public sealed partial class BenchChartTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("ja4data-chart-tests-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Save_BenchResult_WritesAPngOfTheChartSize()
    {
        var (_, png) = Save();

        var bytes = File.ReadAllBytes(png);
        Assert.Multiple(() =>
        {
            Assert.That(bytes.Take(8), Is.EqualTo(PngSignature));
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(BenchChart.Width));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), Is.EqualTo(BenchChart.Height));
        });
    }

    [Test]
    public void Save_BenchResult_SvgNamesTheScenarioContendersValuesAndTitle()
    {
        var (svg, _) = Save();

        var document = XDocument.Load(svg);
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(document.Root!.Name.LocalName, Is.EqualTo("svg"));
            Assert.That(texts, Does.Contain("INSERT 1,000 rows").And.Contain("Null engine"), "the scenario, in two lines under its group");
            Assert.That(texts, Does.Contain("Ja4Data bulk writer, columnar").And.Contain("Ja4Data, rows"), "one legend entry per contender");
            Assert.That(texts, Does.Contain(BenchChart.ReferenceLegend));
            Assert.That(texts, Does.Contain(BenchChart.GoalLegend));
            Assert.That(texts, Does.Contain("2.00x").And.Contain("1.00x").And.Contain("0.80x"), "each bar's speed ratio");
            Assert.That(texts, Has.None.Contains("Ja4Data QueryAsync"), "a scenario without a C++ reference has no ratio to draw");
            Assert.That(texts, Has.Some.Contains("18.16.1"));
        });
    }

    [Test]
    public void Save_BenchResult_DrawsOneHorizontalGoalLinePerGoalAtItsHeight()
    {
        var (svg, _) = Save();

        var goals = XDocument.Load(svg).Descendants()
            .Where(e => e.Name.LocalName == "path" && string.Equals((string?)e.Attribute("stroke"), BenchChart.GoalColorHex, StringComparison.OrdinalIgnoreCase))
            .Select(e => HorizontalLine().Match((string)e.Attribute("d")!))
            .ToList();

        // Two goals (1.25x for the columnar writer, 1.0x for rows) and the legend's sample line.
        Assert.That(goals, Has.Count.EqualTo(3).And.All.Property(nameof(Match.Success)).True);
        var heights = goals.Select(m => double.Parse(m.Groups["y1"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(goals.Select(m => m.Groups["y1"].Value), Is.EqualTo(goals.Select(m => m.Groups["y2"].Value)), "horizontal");
            Assert.That(heights[0], Is.LessThan(heights[1]), "the 1.25x goal is drawn above the 1.0x goal");
        });
    }

    [Test]
    public void Save_NoScenarioHasAReference_StillWritesBothFiles()
    {
        var result = BenchReportTests.Result();

        var (svg, png) = Save(result with { Comparisons = [.. result.Comparisons.Where(c => c.SpeedRatio is null)] });

        Assert.Multiple(() =>
        {
            Assert.That(XDocument.Load(svg).Root!.Name.LocalName, Is.EqualTo("svg"));
            Assert.That(File.ReadAllBytes(png).Take(8), Is.EqualTo(PngSignature));
        });
    }

    private (string Svg, string Png) Save(Ja4Data.Cli.Bench.BenchResult? result = null)
    {
        var svg = Path.Combine(_folder, "bench.svg");
        var png = Path.Combine(_folder, "bench.png");
        BenchChart.Save(result ?? BenchReportTests.Result(), svg, png);
        return (svg, png);
    }

    [GeneratedRegex(@"^M(?<x1>[\d.]+) (?<y1>[\d.]+)L(?<x2>[\d.]+) (?<y2>[\d.]+)$")]
    private static partial Regex HorizontalLine();
}
