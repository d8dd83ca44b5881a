using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Bench;

/// <summary>Repeated timings of one contender in one scenario.</summary>
/// <param name="Scenario">What was done, e.g. "INSERT 1,000,000 rows, Null engine".</param>
/// <param name="Contender">Who did it.</param>
/// <param name="IsReference">True for ClickHouse's own C++ tool, the yardstick of the scenario.</param>
/// <param name="Operations">Rows or queries per run.</param>
/// <param name="Unit">"rows" or "queries".</param>
/// <param name="PayloadBytes">Native-encoded bytes per run (0 when not meaningful).</param>
/// <param name="Seconds">Wall time of each run.</param>
/// <param name="Goal">The target for this contender, if any.</param>
/// <param name="CpuSeconds">CPU time of the contender's own process per run (client-side cost, independent of the server), when known.</param>
internal sealed record BenchMeasurement(string Scenario, string Contender, bool IsReference, long Operations, string Unit, long PayloadBytes, IReadOnlyList<double> Seconds, BenchGoal? Goal = null, IReadOnlyList<double>? CpuSeconds = null)
{
    public double MedianSeconds => Percentiles.Median(Seconds);

    /// <summary>Median client CPU seconds per run; null when not measured.</summary>
    public double? MedianCpuSeconds => CpuSeconds is { Count: > 0 } cpu ? Percentiles.Median(cpu) : null;

    /// <summary>Builds a measurement from timed runs; CPU is kept only when every run has it.</summary>
    public static BenchMeasurement From(string scenario, string contender, bool isReference, long operations, string unit, long payloadBytes, IReadOnlyList<RunSample> runs, BenchGoal? goal = null)
        => new(
            scenario,
            contender,
            isReference,
            operations,
            unit,
            payloadBytes,
            [.. runs.Select(r => r.Elapsed.TotalSeconds)],
            goal,
            runs.All(r => r.Cpu is not null) ? [.. runs.Select(r => r.Cpu!.Value.TotalSeconds)] : null);

    /// <summary>Operations per second at the median time.</summary>
    public double Throughput => Operations / Math.Max(MedianSeconds, 1e-9);

    public double MegabytesPerSecond => PayloadBytes / 1e6 / Math.Max(MedianSeconds, 1e-9);
}
