using Ja4Data.Cli.Bench;
using Ja4Data.Cli.CommandLine;

namespace Ja4Data.Cli.Commands;

/// <summary>The options of <c>ja4data bench</c>.</summary>
internal sealed class BenchSettings : LocalServerSettings
{
    [CommandOption("--rows <N>")]
    [Description("Rows per insert and per SELECT")]
    [DefaultValue("1M")]
    [CountRange(1)]
    public Count Rows { get; init; }

    [CommandOption("--repeat <R>")]
    [Description("Runs per contender; the report shows the median")]
    [DefaultValue("3")]
    [CountRange(1, 100)]
    public Count Repeat { get; init; }

    [CommandOption("--select1 <Q>")]
    [Description("SELECT 1 queries per run")]
    [DefaultValue("5000")]
    [CountRange(1, int.MaxValue)]
    public Count Select1 { get; init; }

    [CommandOption("--concurrency <C>")]
    [Description("Concurrent SELECT 1 callers")]
    [DefaultValue("8")]
    [CountRange(1, 256)]
    public Count Concurrency { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for bench.md, bench.csv and the chart (bench.svg, bench.png)")]
    [DefaultValue(BenchOptions.DefaultOutputDirectory)]
    public string Out { get; init; } = BenchOptions.DefaultOutputDirectory;

    [CommandOption("--no-python")]
    [Description("Leave out Python's clickhouse-driver even when it is installed")]
    public bool NoPython { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Generator seed: the same seed gives the same rows")]
    [DefaultValue("4")]
    [CountRange(0)]
    public Count Seed { get; init; }

    [CommandOption("--reads-only")]
    [Description("Only the SELECT scenarios of many rows (streamed: typed getters, typed records, Dapper; whole result and its memory): no inserts, no SELECT 1")]
    public bool ReadsOnly { get; init; }

    public BenchOptions ToBenchOptions() => new(
        Rows.Value,
        Repeat.Int32,
        Select1.Int32,
        Concurrency.Int32,
        Out,
        BenchOptions.DefaultDatabase,
        !NoPython,
        (ulong)Seed.Value,
        ReadsOnly);
}
