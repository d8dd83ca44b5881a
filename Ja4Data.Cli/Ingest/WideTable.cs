using System.Text;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>
/// DDL for tables shaped like the parsed <c>http_logs</c> (the <see cref="HttpLogBatch"/> columns): the targets of
/// typed inserts and of the benchmarks. Names come from the CLI's own constants and the validated settings.
/// </summary>
internal static class WideTable
{
    /// <summary>MergeTree ordered like http_logs.</summary>
    public const string MergeTree = "MergeTree ORDER BY (ja4, ts_ms)";

    /// <summary>Discards what it receives: measures the client and the server's parsing, not storage.</summary>
    public const string Null = "Null";

    /// <summary>Keeps rows in memory in insertion order.</summary>
    public const string Memory = "Memory";

    /// <summary><c>CREATE TABLE IF NOT EXISTS</c> for <paramref name="qualifiedName"/> (already quoted) with <paramref name="engine"/>.</summary>
    public static string CreateSql(string qualifiedName, string engine)
    {
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(qualifiedName).Append(" (");
        for (var i = 0; i < HttpLogBatch.ColumnNames.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(HttpLogBatch.ColumnNames[i]).Append(' ').Append(HttpLogBatch.ColumnTypes[i]);
        }

        return sql.Append(") ENGINE = ").Append(engine).ToString();
    }
}
