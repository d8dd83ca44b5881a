using System.Globalization;
using Ja4Data.Sql;

namespace Ja4Data.Schema;

/// <summary>
/// The <c>schema_migrations</c> table in the processing database: which migrations ran, under which checksum.
/// ReplacingMergeTree keyed by version because two services deploying at once may both record a migration;
/// reads collapse such duplicates.
/// </summary>
internal sealed class MigrationHistory
{
    public const string TableName = "schema_migrations";

    private readonly IClickHouseClient _client;
    private readonly string _processingDatabase;
    private readonly string _table;

    public MigrationHistory(IClickHouseClient client, string processingDatabase)
    {
        _client = client;
        _processingDatabase = processingDatabase;
        _table = ClickHouseIdentifier.Qualify(processingDatabase, TableName);
    }

    /// <summary>Statements that create both databases and the table; each is a no-op when its object exists.</summary>
    public IReadOnlyList<string> BootstrapStatements(string logsDatabase) =>
    [
        $"CREATE DATABASE IF NOT EXISTS {ClickHouseIdentifier.Quote(logsDatabase)}",
        $"CREATE DATABASE IF NOT EXISTS {ClickHouseIdentifier.Quote(_processingDatabase)}",
        $"""
        CREATE TABLE IF NOT EXISTS {_table}
        (
            version UInt32,
            name String,
            checksum String,
            applied_at DateTime DEFAULT now()
        )
        ENGINE = ReplacingMergeTree(applied_at)
        ORDER BY version
        """,
    ];

    /// <summary>
    /// The statement that records <paramref name="migration"/>. INSERT ... SELECT rather than VALUES so the server
    /// runs it entirely, with no data block from the client, on every protocol revision.
    /// </summary>
    public string RecordStatement(Migration migration)
        => $"INSERT INTO {_table} (version, name, checksum) SELECT {migration.Version.ToString(CultureInfo.InvariantCulture)}, "
            + $"{ClickHouseLiteral.Quote(migration.ToString())}, {ClickHouseLiteral.Quote(migration.Checksum)}";

    /// <summary>The recorded migrations by version; empty when the table does not exist yet. Reads only.</summary>
    public async Task<IReadOnlyDictionary<int, AppliedMigration>> ReadAsync(CancellationToken cancellationToken)
    {
        var exists = await _client.QueryAsync(
            $"SELECT count() FROM system.tables WHERE database = {ClickHouseLiteral.Quote(_processingDatabase)} AND name = {ClickHouseLiteral.Quote(TableName)}",
            cancellationToken: cancellationToken);
        if (Convert.ToInt64(exists.FirstValue, CultureInfo.InvariantCulture) == 0)
        {
            return new Dictionary<int, AppliedMigration>();
        }

        var rows = await _client.QueryAsync(
            $"SELECT version, argMax(name, applied_at), argMax(checksum, applied_at) FROM {_table} GROUP BY version ORDER BY version",
            cancellationToken: cancellationToken);
        return rows.ResultRows
            .Select(r => new AppliedMigration(
                Convert.ToInt32(r[0], CultureInfo.InvariantCulture),
                Convert.ToString(r[1], CultureInfo.InvariantCulture) ?? string.Empty,
                Convert.ToString(r[2], CultureInfo.InvariantCulture) ?? string.Empty))
            .ToDictionary(a => a.Version);
    }
}
