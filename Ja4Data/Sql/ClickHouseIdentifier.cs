using Ja4Data.Sql;

namespace Ja4Data;

/// <summary>Validates and quotes ClickHouse identifiers (database, table and column names).</summary>
public static class ClickHouseIdentifier
{
    /// <summary>
    /// True for a plain identifier that needs no quoting: a letter or underscore, then letters, digits or underscores,
    /// at most 255 characters (ClickHouse's limit for database and table names on disk).
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Back-quotes any name, escaping backslash and back-quote, so even hostile text stays one identifier.
    /// </summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 2).Append('`');
        ClickHouseLiteral.AppendEscaped(sb, name, '`');
        return sb.Append('`').ToString();
    }

    /// <summary>Back-quotes <c>database.table</c> as <c>`database`.`table`</c>.</summary>
    public static string Qualify(string database, string table) => Quote(database) + "." + Quote(table);
}
