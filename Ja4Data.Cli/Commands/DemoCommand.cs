using System.Diagnostics;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ja4Data.Cli.Commands;

/// <summary>
/// <c>ja4data demo</c>: deploy the ja4 schema, label the well-known fingerprints, ingest realistic JA4 HTTP logs
/// through the pool as raw JSON lines (so the materialized views do the parsing, as in production), then query.
/// </summary>
internal sealed class DemoCommand(IAnsiConsole console) : AsyncCommand<DemoSettings>
{
    /// <summary>The demo's result, for tests.</summary>
    public sealed record DemoResult(SchemaDeployResult Schema, IngestReport Ingest, IReadOnlyList<QueryResult> Analytics);

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToIngestOptions();
        await using var server = await ServerConnect.ResolveAsync(settings.ToServerOptions(), options.Workers, console, cancellationToken);
        await RunAsync(server.Settings, options, console, cancellationToken);
        return 0;
    }

    public static async Task<DemoResult> RunAsync(ClickHouseSettings settings, IngestOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        await using var client = new ClickHouseClient(settings);

        var schema = await new SchemaDeployer(client, settings).DeployAsync(dryRun: false, cancellationToken);
        console.Write(SchemaDeployCommand.OutcomeTable(schema));

        var labelled = await SeedKnownFingerprintsAsync(client, settings, cancellationToken);
        console.MarkupLine($"Labelled [bold]{labelled}[/] well-known fingerprints in {Markup.Escape(settings.ProcessingTable("known_fingerprints"))}.");

        var target = new RawJsonTarget(settings);
        var report = await IngestCommand.IngestAsync(client, target, options, console, cancellationToken);
        console.Write(ResultTables.FromIngest(report));

        var analytics = new List<QueryResult>();
        foreach (var query in DemoQueries.For(settings))
        {
            var started = Stopwatch.GetTimestamp();
            var result = await client.QueryAsync(query.Sql, cancellationToken: cancellationToken);
            analytics.Add(result);
            console.Write(ResultTables.FromQuery(query.Title, result).Caption(Markup.Escape(Units.Milliseconds(Stopwatch.GetElapsedTime(started).TotalMilliseconds))));
        }

        console.MarkupLine(
            $"[bold green]Done:[/] {Units.Count(report.Rows)} rows in {Units.Seconds(report.Elapsed.TotalSeconds)} = [bold]{Units.Count(report.RowsPerSecond)} rows/s[/] " +
            $"({report.MegabytesPerSecond:N1} MB/s of JSON) with {report.Workers} workers; p99 batch {Units.Milliseconds(report.BatchLatencyP99Ms)}; peak memory {Units.Megabytes(report.PeakWorkingSetBytes)}.");
        return new DemoResult(schema, report, analytics);
    }

    /// <summary>Inserts the curated labels of the vocabulary's known clients (one row per distinct JA4).</summary>
    private static async Task<long> SeedKnownFingerprintsAsync(ClickHouseClient client, ClickHouseSettings settings, CancellationToken cancellationToken)
    {
        var rows = HttpLogVocabulary.Default.Profiles
            .Where(p => p.Known is not null)
            .DistinctBy(p => p.Ja4)
            .Select(p => (IReadOnlyList<object?>)[p.Ja4, p.Known!.Label, p.Known.Category, p.Known.ThreatLevel])
            .ToList();
        return await client.InsertAsync(settings.ProcessingTable("known_fingerprints"), rows, ["ja4", "label", "category", "threat_level"], cancellationToken);
    }
}
