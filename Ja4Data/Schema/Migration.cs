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
/// the configured database names go, and the cluster placeholders (docs/cluster.md) that say what each object
/// becomes on a cluster.
/// </param>
/// <param name="Checksum">
/// Lower-case SHA-256 hex of the single-server rendering (<paramref name="Sql"/> without its cluster placeholders,
/// database placeholders kept), recorded when applied on one server to detect drift. On a cluster the checksum of
/// the cluster rendering is recorded instead.
/// </param>
public sealed record Migration(int Version, string Name, string Database, Version? MinServerVersion, string Sql, string Checksum)
{
    /// <summary>
    /// The statements for one server (<paramref name="cluster"/> null) or for every node of <paramref name="cluster"/>,
    /// database names substituted and back-quoted.
    /// </summary>
    /// <exception cref="FormatException">The template is malformed (the catalog rejects such files when it loads).</exception>
    internal IReadOnlyList<string> Render(string logsDatabase, string processingDatabase, string? cluster = null)
    {
        var layout = MigrationTemplate.ResolveLayout(Sql, cluster, MigrationTemplate.DatabaseNames(logsDatabase, processingDatabase));
        return SqlStatementSplitter.Split(MigrationTemplate.Substitute(layout, logsDatabase, processingDatabase));
    }

    /// <summary>
    /// The checksum recorded for this migration on one server (<paramref name="cluster"/> null: <see cref="Checksum"/>)
    /// or on <paramref name="cluster"/>: it covers the SQL as rendered there, cluster name included, database names
    /// as placeholders.
    /// </summary>
    internal string ChecksumFor(string? cluster)
        => cluster is null ? Checksum : MigrationCatalog.Checksum(MigrationTemplate.ResolveLayout(Sql, cluster));

    /// <summary>True when the server is new enough to run this migration.</summary>
    internal bool RunsOn(Version serverVersion) => MinServerVersion is null || serverVersion >= MinServerVersion;

    /// <inheritdoc />
    public override string ToString() => $"{Version:D4}_{Database}_{Name}";
}
