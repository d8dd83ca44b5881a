using System.Text.RegularExpressions;
using Ja4Data.Sql;

namespace Ja4Data.Core.Inserts;

/// <summary>Builds <c>INSERT INTO t (c1, c2) VALUES</c>: the form whose data the client sends as Native blocks.</summary>
internal static partial class InsertStatement
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex PlainName();

    [GeneratedRegex(@"^`(?:[^`\\]|\\.)+`(\.`(?:[^`\\]|\\.)+`)?$")]
    private static partial Regex QuotedName();

    /// <summary>
    /// Quotes a table name given as <c>table</c> or <c>database.table</c>; an already back-quoted name is kept. Anything
    /// else is refused, so a table argument can never carry SQL.
    /// </summary>
    public static string QuoteTable(string table)
    {
        var (database, name) = SplitTable(table);
        return database is null ? ClickHouseIdentifier.Quote(name) : ClickHouseIdentifier.Qualify(database, name);
    }

    /// <summary>
    /// The database (null when not given) and table of a name given as <c>table</c>, <c>database.table</c> or
    /// back-quoted <c>`database`.`table`</c>, unquoted.
    /// </summary>
    /// <exception cref="ArgumentException">Not a table name of those forms.</exception>
    public static (string? Database, string Table) SplitTable(string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        if (PlainName().IsMatch(table))
        {
            var dot = table.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? (null, table) : (table[..dot], table[(dot + 1)..]);
        }

        var quoted = QuotedName().Match(table);
        if (!quoted.Success)
        {
            throw new ArgumentException($"'{table}' is not a table name: use table, database.table, or back-quoted `database`.`table`.", nameof(table));
        }

        // Never pass quoted input through: take the names apart, to be quoted again with the one escaper.
        var parts = QuotedPart().Matches(table).Select(m => Unescape(m.Groups[1].Value)).ToArray();
        return parts.Length == 1 ? (null, parts[0]) : (parts[0], parts[1]);
    }

    [GeneratedRegex(@"`((?:[^`\\]|\\.)+)`")]
    private static partial Regex QuotedPart();

    private static string Unescape(string quotedBody) => SqlEscapes.DecodeText(quotedBody, '`');

    public static string Build(string table, IReadOnlyList<string>? columns)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(QuoteTable(table));
        if (columns is { Count: > 0 })
        {
            sql.Append(" (");
            for (var i = 0; i < columns.Count; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append(ClickHouseIdentifier.Quote(columns[i]));
            }

            sql.Append(')');
        }

        return sql.Append(" VALUES").ToString();
    }
}
