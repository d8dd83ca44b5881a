using Ja4Data.Cli.CommandLine;
using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;
using Spectre.Console;

namespace Ja4Data.Cli.Commands;

/// <summary><c>ja4data ingest</c>: the load generator.</summary>
internal static class IngestCommand
{
    /// <summary>Database for the typed (wide/null) targets; never one of the ja4 databases.</summary>
    public const string BenchDatabase = "ja4data_bench";

    public static IngestOptions ParseOptions(CliArguments args)
    {
        var columnar = args.Flag("--columnar");
        var rowsApi = args.Flag("--rows-api");
        if (columnar && rowsApi)
        {
            throw new CliUsageException("Choose one of --columnar and --rows-api.");
        }

        return IngestOptions.Recent(
            args.Number("--rows", 1_000_000),
            args.Int("--workers", 4, 1, 256),
            args.Int("--batch", 50_000, 1, 10_000_000),
            rowsApi ? InsertMode.Rows : InsertMode.Columnar,
            (ulong)args.Number("--seed", IngestOptions.DefaultSeed, 0),
            args.Int("--block", IngestOptions.DefaultBlockSize, 1, 10_000_000));
    }

    /// <summary>raw (default): JSON lines through the schema's materialized views; wide: a typed MergeTree; null: a typed Null table.</summary>
    public static IngestTarget ParseTarget(string? name, ClickHouseSettings settings) => (name ?? "raw") switch
    {
        "raw" => new RawJsonTarget(settings),
        "wide" => new WideTableTarget(BenchDatabase, "http_logs_wide", WideTable.MergeTree),
        "null" => new WideTableTarget(BenchDatabase, "http_logs_null", WideTable.Null),
        var other => throw new CliUsageException($"--target must be raw, wide or null, not '{other}'."),
    };

    public static async Task<IngestReport> RunAsync(ClickHouseSettings settings, IngestTarget target, IngestOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        await using var client = new ClickHouseClient(settings);
        await target.PrepareServerAsync(client, cancellationToken);
        var report = await IngestAsync(client, target, options, console, cancellationToken);
        console.Write(ResultTables.FromIngest(report));
        return report;
    }

    /// <summary>Runs the ingest with a progress bar (shared with the demo).</summary>
    public static async Task<IngestReport> IngestAsync(ClickHouseClient client, IngestTarget target, IngestOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var runner = new IngestRunner(client, target, options);
        return await ProgressDisplay.TrackAsync(
            console,
            $"Ingesting {Units.Count(options.Rows)} rows",
            options.Rows,
            () => runner.RowsDone,
            () => runner.RunAsync(cancellationToken));
    }
}
