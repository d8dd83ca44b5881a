namespace Ja4Data.Cli.Generation;

/// <summary>Picks an index with probability proportional to its weight (cumulative table + binary search).</summary>
internal sealed class WeightedPicker
{
    private readonly double[] _cumulative;

    public WeightedPicker(IEnumerable<double> weights)
    {
        var total = 0.0;
        _cumulative = weights.Select(w => total += w >= 0 ? w : throw new ArgumentOutOfRangeException(nameof(weights), "Weights must not be negative.")).ToArray();
        if (_cumulative.Length == 0 || total <= 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }
    }

    public int Count => _cumulative.Length;

    /// <summary>Weights 1/rank^s for <paramref name="count"/> ranks: a few very common items and a long tail.</summary>
    public static WeightedPicker Zipf(int count, double exponent)
        => new(Enumerable.Range(1, count).Select(rank => 1.0 / Math.Pow(rank, exponent)));

    public int Pick(ref FastRandom random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _cumulative.Length - 1);
    }
}
