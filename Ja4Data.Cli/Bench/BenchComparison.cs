namespace Ja4Data.Cli.Bench;

/// <summary>A measurement next to its scenario's reference.</summary>
/// <param name="Measurement">The measurement.</param>
/// <param name="SpeedRatio">Reference median time over this median time (same work): above 1 is faster than the C++ tool; null without a reference.</param>
internal sealed record BenchComparison(BenchMeasurement Measurement, double? SpeedRatio)
{
    /// <summary>This median time over the reference's (the inverse of <see cref="SpeedRatio"/>).</summary>
    public double? TimeRatio => SpeedRatio is { } speed ? 1 / speed : null;

    public bool? GoalMet => Measurement.Goal is { } goal && SpeedRatio is { } speed ? goal.IsMetBy(speed) : null;

    /// <summary>Pairs every measurement with the reference of its scenario (the first reference measurement there).</summary>
    public static IReadOnlyList<BenchComparison> Compare(IReadOnlyList<BenchMeasurement> measurements)
    {
        var references = measurements.Where(m => m.IsReference).GroupBy(m => m.Scenario).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return
        [
            .. measurements.Select(m => new BenchComparison(
                m,
                references.TryGetValue(m.Scenario, out var reference) ? reference.MedianSeconds / Math.Max(m.MedianSeconds, 1e-9) * ((double)m.Operations / reference.Operations) : null)),
        ];
    }
}
