namespace Ja4Data.Cli.Bench;

/// <summary>Everything a benchmark run produced.</summary>
internal sealed record BenchResult(
    BenchOptions Options,
    MachineInfo Machine,
    string ServerVersion,
    IReadOnlyList<BenchComparison> Comparisons,
    IReadOnlyList<string> Notes,
    DateTimeOffset Finished)
{
    /// <summary>The files written (Markdown, CSV, PNG), once saved.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
