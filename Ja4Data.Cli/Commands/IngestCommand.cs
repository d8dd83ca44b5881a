using System.Diagnostics;
using System.Globalization;
using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;

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
            var buffered = await RunBufferedAsync(server.Settings, target, settings.ToBufferedOptions(), console, cancellationToken);
            return buffered.RowsNotWritten == 0 && buffered.Arrival is null or { EveryRowOnce: true } ? 0 : 1;
        }

        await RunAsync(server.Settings, target, options, console, cancellationToken);
        return 0;
    }

    /// <summary>
    /// Producers adding single rows to an ingest buffer (and, with --compare, the same rows in one facade insert and one
    /// bulk writer). The command fails when a row was not written or, on the raw-log path, did not arrive parsed exactly once.
    /// </summary>
    public static async Task<BufferedIngestReport> RunBufferedAsync(ClickHouseSettings settings, IngestTarget target, BufferedIngestOptions options, IAnsiConsole console, CancellationToken cancellationToken)
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
    private static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(120);

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
        var before = await ParsedRowsOnClusterAsync(client, settings, cancellationToken);
        var report = await IngestAsync(client, target, options, console, cancellationToken);
        console.Write(ResultTables.FromIngest(report));
        await WaitUntilOnTheirShardsAsync(client, settings, before, report, console, cancellationToken);
        return report;
    }

    /// <summary>With a cluster: the parsed log rows through the Distributed table now; null for a single server.</summary>
    public static async Task<long?> ParsedRowsOnClusterAsync(ClickHouseClient client, ClickHouseSettings settings, CancellationToken cancellationToken)
        => settings.Cluster.Length == 0
            ? null
            : Convert.ToInt64(
                (await client.QueryAsync($"SELECT count() FROM {settings.LogsTable("http_logs")}", cancellationToken: cancellationToken)).ResultRows[0][0],
                CultureInfo.InvariantCulture);

    /// <summary>
    /// With a cluster (<paramref name="before"/> not null): a Distributed table acknowledges an insert once its own node
    /// stored its shard's rows and queued the other shards' blocks, which it forwards in the background. Waits (bounded)
    /// until every row arrived parsed, and reports the rate counted to that moment, the one to compare with one server.
    /// </summary>
    public static async Task WaitUntilOnTheirShardsAsync(
        ClickHouseClient client, ClickHouseSettings settings, long? before, IngestReport report, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (before is not { } start)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var arrived = start;
        while ((arrived = await ParsedRowsOnClusterAsync(client, settings, cancellationToken) ?? 0) < start + report.Rows
            && Stopwatch.GetElapsedTime(started) < ForwardTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        var waited = Stopwatch.GetElapsedTime(started);
        var total = report.Elapsed + waited;
        console.MarkupLine(arrived >= start + report.Rows
            ? $"Every row was parsed on its shard {Units.Seconds(waited.TotalSeconds)} after the last acknowledgement: [bold]{Units.Count(report.Rows / total.TotalSeconds)} rows/s[/] counted to that moment."
            : $"[yellow]Only {Units.Count(arrived - start)} of {Units.Count(report.Rows)} rows arrived on their shards within {Units.Seconds(ForwardTimeout.TotalSeconds)}.[/]");
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
