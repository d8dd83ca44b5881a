namespace Ja4Data.Cli.Ingest;

/// <summary>Nearest-rank percentiles over a sample.</summary>
internal static class Percentiles
{
    /// <summary>
    /// The smallest value such that at least <paramref name="percent"/>% of the sample is at or below it; 0 for an
    /// empty sample. The input need not be sorted and is not modified.
    /// </summary>
    public static double Of(IReadOnlyCollection<double> values, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
