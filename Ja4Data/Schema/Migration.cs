using Ja4Data.Schema;
using Ja4Data.Sql;
namespace Ja4Data;

/// <summary>One embedded schema migration, as shipped in <c>Ja4Data/Schema/Migrations/NNNN_database_name.sql</c>.</summary>
/// <param name="Version">The ordering number from the file name; applied in ascending order.</param>
/// <param name="Name">The file name's descriptive part, for example <c>http_logs_raw</c>.</param>
/// <param name="Database">Which configured database the migration is about: <c>logs</c> or <c>processing</c>.</param>
/// <param name="MinServerVersion">
/// The oldest ClickHouse the SQL runs on (header <c>-- min-server-version: 20.3</c>); older servers skip it with a
/// note. Null when it runs everywhere, ClickHouse 18.16 included.
/// </param>
/// <param name="Sql">
/// The template: one or more statements separated by <c>;</c>, with <c>{logs_db}</c> and <c>{processing_db}</c> where
/// the configured database names go.
/// </param>
/// <param name="Checksum">Lower-case SHA-256 hex of <paramref name="Sql"/>, recorded when applied to detect drift.</param>
public sealed record Migration(int Version, string Name, string Database, Version? MinServerVersion, string Sql, string Checksum)
{
    /// <summary>The statements with the database names substituted, each name back-quoted.</summary>
    internal IReadOnlyList<string> Render(string logsDatabase, string processingDatabase)
        => SqlStatementSplitter.Split(MigrationTemplate.Substitute(Sql, logsDatabase, processingDatabase));

    /// <summary>True when the server is new enough to run this migration.</summary>
    internal bool RunsOn(Version serverVersion) => MinServerVersion is null || serverVersion >= MinServerVersion;

    /// <inheritdoc />
    public override string ToString() => $"{Version:D4}_{Database}_{Name}";
}
