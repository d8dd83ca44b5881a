using System.Data;
using Ja4Data.Core.Inserts;
using Ja4Data.Sql;

namespace Ja4Data.Facade;

/// <summary>
/// Finds out, on the connection an insert is about to use, whether its table deduplicates (<see cref="InsertTarget"/>):
/// <c>system.tables</c> for the table (and, for a Distributed table, for the table it writes to) plus the settings
/// that switch deduplication off. Cached per data source (<see cref="InsertTargetCache"/>), so it costs one small
/// query per table and minute.
/// </summary>
internal static class InsertTargetLookup
{
    public static async ValueTask<InsertTarget> GetAsync(
        ClickHouseConnection connection, InsertTargetCache cache, string table, bool async, CancellationToken cancellationToken)
    {
        // Per host: a replicated table's replica set (its ZooKeeper path) depends on the shard the host belongs to.
        var server = connection.Connector.Host.ToString();
        var key = server + "/" + table;
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var (database, name) = InsertStatement.SplitTable(table);
        InsertTarget target;
        try
        {
            var facts = await ReadAsync(connection, server, database, name, async, cancellationToken);
            if (facts is null)
            {
                // Not cached: the insert is about to fail on the missing table, and it may be created any moment.
                return InsertTarget.NotDeduplicating($"{table} is not in system.tables");
            }

            var underlying = InsertTarget.UnderlyingTable(facts) is { } source
                ? await ReadAsync(connection, server, source.Database, source.Table, async, cancellationToken)
                : null;
            target = InsertTarget.Classify(facts, underlying);
            if (target.Deduplicates)
            {
                var columns = await ReadServerFilledColumnsAsync(connection, database, name, async, cancellationToken);
                if (underlying is not null)
                {
                    columns.AddRange(await ReadServerFilledColumnsAsync(connection, underlying.Database, underlying.Name, async, cancellationToken));
                }

                target = target with { VolatileColumns = InsertTarget.Volatile(columns) };
            }
        }
        catch (ClickHouseServerException ex)
        {
            // A user who may insert but not read system tables: inserts work as without the setting.
            target = InsertTarget.NotDeduplicating($"system.tables could not be read ({ex.Message})");
        }

        cache.Set(key, target);
        return target;
    }

    // Both the Distributed table and the table it writes to: either may fill an omitted column, on the initiator or on
    // the shard.
    private static async ValueTask<List<ServerFilledColumn>> ReadServerFilledColumnsAsync(
        ClickHouseConnection connection, string? database, string table, bool async, CancellationToken cancellationToken)
    {
        var databaseText = database is null ? "currentDatabase()" : ClickHouseLiteral.Quote(database);
        var command = connection.CreateCommand();
        command.CommandText =
            "SELECT name, default_kind, default_expression FROM system.columns "
            + $"WHERE database = {databaseText} AND table = {ClickHouseLiteral.Quote(table)} AND default_kind IN ('DEFAULT', 'MATERIALIZED')";
        await using var reader = await command.ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken);
        var columns = new List<ServerFilledColumn>();
        while (await reader.ReadCoreAsync(async, cancellationToken))
        {
            columns.Add(new ServerFilledColumn(
                reader.GetValueOrNull(0) as string ?? string.Empty,
                reader.GetValueOrNull(1) as string ?? string.Empty,
                reader.GetValueOrNull(2) as string ?? string.Empty));
        }

        await reader.ConsumeAsync(async);
        return columns;
    }

    private static async ValueTask<TableFacts?> ReadAsync(
        ClickHouseConnection connection, string server, string? database, string table, bool async, CancellationToken cancellationToken)
    {
        // any() of no rows is the empty string: a setting this server does not have, or a table that is not
        // replicated, reads as empty.
        var databaseText = database is null ? "currentDatabase()" : ClickHouseLiteral.Quote(database);
        var tableText = ClickHouseLiteral.Quote(table);
        var command = connection.CreateCommand();
        command.CommandText =
            "SELECT database, name, engine, engine_full, "
            + "(SELECT any(value) FROM system.settings WHERE name = 'insert_deduplicate'), "
            + "(SELECT any(value) FROM system.merge_tree_settings WHERE name = 'replicated_deduplication_window'), "
            + "(SELECT any(value) FROM system.merge_tree_settings WHERE name = 'non_replicated_deduplication_window'), "
            + $"(SELECT any(zookeeper_path) FROM system.replicas WHERE database = {databaseText} AND table = {tableText}) "
            + $"FROM system.tables WHERE database = {databaseText} AND name = {tableText}";
        await using var reader = await command.ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken);
        TableFacts? facts = null;
        if (await reader.ReadCoreAsync(async, cancellationToken))
        {
            facts = new TableFacts(Text(0), Text(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7), server);
        }

        await reader.ConsumeAsync(async);
        return facts;

        string Text(int ordinal) => reader.GetValueOrNull(ordinal) as string ?? string.Empty;
    }
}
