using Ja4Data.Cli.Ingest;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class PercentilesTests
{
    private static readonly double[] Unsorted = [3.0, 1.0, 2.0];
    private static readonly double[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()];

    [TestCase(50, 50)]
    [TestCase(99, 99)]
    [TestCase(100, 100)]
    [TestCase(0, 1)]
    [TestCase(0.5, 1)]
    [TestCase(1.5, 2)]
    public void Of_NearestRank_OnUnsortedInput(double percent, double expected)
        => Assert.That(Percentiles.Of(OneToHundred, percent), Is.EqualTo(expected));

    [Test]
    public void Of_Empty_IsZero() => Assert.That(Percentiles.Of([], 99), Is.Zero);

    [Test]
    public void Of_DoesNotReorderTheInput()
    {
        var values = new[] { 3.0, 1.0, 2.0 };

        Percentiles.Of(values, 50);

        Assert.That(values, Is.EqualTo(Unsorted));
    }

    [Test]
    public void Median_OddAndEvenCounts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Percentiles.Median([5.0, 1.0, 3.0]), Is.EqualTo(3.0));
            Assert.That(Percentiles.Median([4.0, 1.0, 3.0, 2.0]), Is.EqualTo(2.5));
            Assert.That(Percentiles.Median([]), Is.Zero);
        });
    }
}
