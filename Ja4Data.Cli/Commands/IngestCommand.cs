using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ja4Data.Cli.Commands;

/// <summary><c>ja4data ingest</c>: the load generator.</summary>
internal sealed class IngestCommand(IAnsiConsole console) : AsyncCommand<IngestSettings>
{
    /// <summary>Database for the typed (wide/null) targets; never one of the ja4 databases.</summary>
    public const string BenchDatabase = "ja4data_bench";

    public override async Task<int> ExecuteAsync(CommandContext context, IngestSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToIngestOptions();
        await using var server = await ServerConnect.ResolveAsync(settings.ToServerOptions(), options.Workers, console, cancellationToken);
        var target = Targets[settings.Target](server.Settings);
        if (settings.Producers.Value > 0)
        {
            await RunBufferedAsync(server.Settings, (WideTableTarget)target, settings.ToBufferedOptions(), console, cancellationToken);
            return 0;
        }

        await RunAsync(server.Settings, target, options, console, cancellationToken);
        return 0;
    }

    /// <summary>Producers adding single records to an ingest buffer (and, with --compare, the same rows in one facade insert and one bulk writer).</summary>
    public static async Task<BufferedIngestReport> RunBufferedAsync(ClickHouseSettings settings, WideTableTarget target, BufferedIngestOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        await using var client = new ClickHouseClient(settings);
        await target.PrepareServerAsync(client, cancellationToken);
        var runner = new BufferedIngestRunner(client, target, options);
        var report = await ProgressDisplay.TrackAsync(console, $"Adding {Units.Count(options.Rows)} rows from {options.Producers} producers", options.Rows, () => runner.RowsAdded, () => runner.RunAsync(cancellationToken));
        console.Write(ResultTables.FromBufferedIngest(report));
        return report;
    }

    /// <summary>
    /// The --target choices, by name. raw (the default): JSON lines through the schema's materialized views; wide: a
    /// typed MergeTree; null: a typed Null table.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<ClickHouseSettings, IngestTarget>> Targets = new Dictionary<string, Func<ClickHouseSettings, IngestTarget>>(StringComparer.Ordinal)
    {
        ["raw"] = settings => new RawJsonTarget(settings),
        ["wide"] = _ => new WideTableTarget(BenchDatabase, "http_logs_wide", WideTable.MergeTree),
        ["null"] = _ => new WideTableTarget(BenchDatabase, "http_logs_null", WideTable.Null),
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
