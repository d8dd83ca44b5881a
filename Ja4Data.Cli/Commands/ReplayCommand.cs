using Ja4Data.Cli.Hosting;
using Ja4Data.Cli.Output;

namespace Ja4Data.Cli.Commands;

/// <summary>
/// <c>ja4data replay DIR --table T</c>: inserts the Native files an ingest buffer wrote for batches it did not write.
/// A batch whose outcome was unknown may be stored already; with <c>--key</c> the rows whose key the table holds are
/// reported as duplicates and left out, otherwise only a table that deduplicates itself (Replicated*MergeTree, which
/// drops a block it stored recently) can tell.
/// </summary>
internal sealed class ReplayCommand(IAnsiConsole console) : AsyncCommand<ReplaySettings>
{
    private const int KeysPerLookup = 10_000;

    public override async Task<int> ExecuteAsync(CommandContext context, ReplaySettings settings, CancellationToken cancellationToken)
    {
        await using var server = ServerTarget.Configured(settings.ToServerOptions(), minPoolSize: 1);
        console.MarkupLine($"Server: {Markup.Escape(server.Description)}");
        await using var client = new ClickHouseClient(server.Settings);
        var outcomes = await RunAsync(client, settings.Directory, settings.Table, settings.Key, settings.Delete, cancellationToken);
        console.Write(OutcomeTable(outcomes));
        return 0;
    }

    /// <summary>Replays every file of <paramref name="directory"/>; one outcome per file.</summary>
    public static async Task<IReadOnlyList<ReplayOutcome>> RunAsync(IClickHouseClient client, string directory, string table, string? key, bool delete, CancellationToken cancellationToken)
    {
        var outcomes = new List<ReplayOutcome>();
        foreach (var path in Directory.GetFiles(directory, "*.native").Order(StringComparer.Ordinal))
        {
            long rows = 0, duplicates = 0, inserted = 0;
            await using (var file = File.OpenRead(path))
            {
                foreach (var block in NativeFormat.ReadBlocks(file))
                {
                    rows += block.ResultRows.Count;
                    var fresh = key is null ? block.ResultRows : await NotStoredAsync(client, table, key, block, cancellationToken);
                    duplicates += block.ResultRows.Count - fresh.Count;
                    if (fresh.Count > 0)
                    {
                        inserted += await client.InsertAsync(table, fresh, block.ColumnNames, cancellationToken);
                    }
                }
            }

            if (delete)
            {
                File.Delete(path);
            }

            outcomes.Add(new ReplayOutcome(Path.GetFileName(path), rows, duplicates, inserted));
        }

        return outcomes;
    }

    // The rows whose key the table does not hold yet.
    private static async Task<IReadOnlyList<object?[]>> NotStoredAsync(IClickHouseClient client, string table, string key, QueryResult block, CancellationToken cancellationToken)
    {
        var column = block.ColumnNames.ToList().IndexOf(key);
        if (column < 0)
        {
            throw new InvalidOperationException($"--key {key}: the dead-letter file has no such column (it has {string.Join(", ", block.ColumnNames)}).");
        }

        var stored = new HashSet<object?>();
        var keys = block.ResultRows.Select(r => r[column]).Distinct().ToArray();
        var sql = $"SELECT DISTINCT {ClickHouseIdentifier.Quote(key)} FROM {QualifiedTable(table)} WHERE {ClickHouseIdentifier.Quote(key)} IN {{keys:Array({block.ColumnTypes[column]})}}";
        foreach (var chunk in keys.Chunk(KeysPerLookup))
        {
            var found = await client.QueryAsync(sql, new Dictionary<string, object?> { ["keys"] = chunk }, cancellationToken);
            stored.UnionWith(found.ResultRows.Select(r => r[0]));
        }

        return stored.Count == 0 ? block.ResultRows : [.. block.ResultRows.Where(r => !stored.Contains(r[column]))];
    }

    private static string QualifiedTable(string table)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ClickHouseIdentifier.Quote(table) : ClickHouseIdentifier.Qualify(table[..dot], table[(dot + 1)..]);
    }

    internal static Table OutcomeTable(IReadOnlyList<ReplayOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Replay[/]")
            .AddColumn("File").AddColumn(new TableColumn("Rows").RightAligned()).AddColumn(new TableColumn("Already stored").RightAligned()).AddColumn(new TableColumn("Inserted").RightAligned());
        foreach (var outcome in outcomes)
        {
            table.AddRow(Markup.Escape(outcome.File), Units.Count(outcome.Rows), Units.Count(outcome.Duplicates), Units.Count(outcome.Inserted));
        }

        return table.Caption($"{outcomes.Count} file(s), {Units.Count(outcomes.Sum(o => o.Inserted))} row(s) inserted, {Units.Count(outcomes.Sum(o => o.Duplicates))} duplicate(s) left out");
    }
}

/// <summary>One replayed file: its rows, those already stored (found by --key), and those inserted.</summary>
internal sealed record ReplayOutcome(string File, long Rows, long Duplicates, long Inserted);
