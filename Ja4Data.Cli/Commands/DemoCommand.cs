using System.Diagnostics;
using System.Globalization;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;
using Ja4Data.Cli.Output;

namespace Ja4Data.Cli.Commands;

/// <summary>
/// <c>ja4data demo</c>: deploy the ja4 schema, label the well-known fingerprints, ingest realistic JA4 HTTP logs
/// through the pool as raw JSON lines (so the materialized views do the parsing, as in production), then query.
/// </summary>
internal sealed class DemoCommand(IAnsiConsole console) : AsyncCommand<DemoSettings>
{
    /// <summary>The demo's result, for tests.</summary>
    public sealed record DemoResult(SchemaDeployResult Schema, IngestReport Ingest, IReadOnlyList<QueryResult> Analytics, IReadOnlyList<NodeRows> Spread);

    /// <summary>The parsed log rows one node of a cluster holds in its local table.</summary>
    /// <param name="Host">The node, as in the host list.</param>
    /// <param name="Shard">Its <c>{shard}</c> macro.</param>
    /// <param name="Replica">Its <c>{replica}</c> macro.</param>
    /// <param name="Rows">Rows of its <c>http_logs_local</c>.</param>
    public sealed record NodeRows(string Host, string Shard, string Replica, long Rows);

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
        var before = await IngestCommand.ParsedRowsOnClusterAsync(client, settings, cancellationToken);
        var report = await IngestCommand.IngestAsync(client, target, options, console, cancellationToken);
        console.Write(ResultTables.FromIngest(report));
        await IngestCommand.WaitUntilOnTheirShardsAsync(client, settings, before, report, console, cancellationToken);

        var analytics = new List<QueryResult>();
        foreach (var query in DemoQueries.For(settings))
        {
            var started = Stopwatch.GetTimestamp();
            var result = await client.QueryAsync(query.Sql, cancellationToken: cancellationToken);
            analytics.Add(result);
            console.Write(ResultTables.FromQuery(query.Title, result).Caption(Markup.Escape(Units.Milliseconds(Stopwatch.GetElapsedTime(started).TotalMilliseconds))));
        }

        var spread = await SpreadAsync(settings, cancellationToken);
        if (spread.Count > 0)
        {
            console.MarkupLine(Markup.Escape(SpreadLine(spread)));
        }

        console.MarkupLine(
            $"[bold green]Done:[/] {Units.Count(report.Rows)} rows in {Units.Seconds(report.Elapsed.TotalSeconds)} = [bold]{Units.Count(report.RowsPerSecond)} rows/s[/] " +
            $"({report.MegabytesPerSecond:N1} MB/s of JSON) with {report.Workers} workers; p99 batch {Units.Milliseconds(report.BatchLatencyP99Ms)}; peak memory {Units.Megabytes(report.PeakWorkingSetBytes)}.");
        return new DemoResult(schema, report, analytics, spread);
    }

    /// <summary>
    /// With a cluster (<see cref="ClickHouseSettings.Cluster"/>): what each host of the list holds of the parsed logs,
    /// asked of each host alone. Empty for a single server.
    /// </summary>
    public static async Task<IReadOnlyList<NodeRows>> SpreadAsync(ClickHouseSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Cluster.Length == 0)
        {
            return [];
        }

        // The deployer names each node's share of a table <table>_local (docs/cluster.md).
        var local = settings.LogsTable("http_logs_local");
        var spread = new List<NodeRows>();
        foreach (var host in settings.GetHosts())
        {
            await using var node = new ClickHouseClient(settings with { Host = host.Host, Port = host.Port, PoolMaxSize = 1 });
            // Each replica's count once it has fetched what the other replica of its shard stored.
            await node.CommandAsync($"SYSTEM SYNC REPLICA {local}", cancellationToken: cancellationToken);
            var result = await node.QueryAsync(
                "SELECT (SELECT any(substitution) FROM system.macros WHERE macro = 'shard'), "
                + $"(SELECT any(substitution) FROM system.macros WHERE macro = 'replica'), (SELECT count() FROM {local})",
                cancellationToken: cancellationToken);
            var row = result.ResultRows[0];
            spread.Add(new NodeRows(host.ToString(), (string)row[0]!, (string)row[1]!, Convert.ToInt64(row[2], CultureInfo.InvariantCulture)));
        }

        return spread;
    }

    /// <summary>One line: the share of each shard (its first replica's count), and whether its replicas agree.</summary>
    public static string SpreadLine(IReadOnlyList<NodeRows> spread)
    {
        var shards = spread.GroupBy(n => n.Shard).Select(g => (Shard: g.Key, Rows: g.First().Rows, Replicas: g.ToList())).ToList();
        var total = Math.Max(1, shards.Sum(s => s.Rows));
        var parts = shards.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"shard {s.Shard}: {s.Rows:N0} rows ({100.0 * s.Rows / total:0.0}%), ")
            + (s.Replicas.All(r => r.Rows == s.Rows)
                ? $"on all {s.Replicas.Count} replicas"
                : string.Join(" / ", s.Replicas.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Replica} {r.Rows:N0}")))));
        return $"Rows over the shards (http_logs_local per node): {string.Join("; ", parts)}.";
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
