namespace Ja4Data.Cli.Bench;

/// <summary>What <c>ja4data bench</c> measures.</summary>
/// <param name="Rows">Rows per insert and per SELECT.</param>
/// <param name="Repeat">Runs per contender; the report uses the median.</param>
/// <param name="Select1Queries">SELECT 1 queries per run.</param>
/// <param name="Concurrency">Concurrent SELECT 1 callers.</param>
/// <param name="OutputDirectory">Where bench.md, bench.csv and the chart (bench.svg, bench.png) go.</param>
/// <param name="Database">A scratch database, dropped at the end.</param>
/// <param name="UsePython">Include the Python driver when it is installed.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="ReadsOnly">Only the streamed and whole-result SELECT scenarios (no inserts, no SELECT 1).</param>
internal sealed record BenchOptions(long Rows, int Repeat, int Select1Queries, int Concurrency, string OutputDirectory, string Database, bool UsePython, ulong Seed = 4, bool ReadsOnly = false)
{
    public const string DefaultOutputDirectory = "artifacts/bench";

    public const string DefaultDatabase = "ja4data_bench";
}
