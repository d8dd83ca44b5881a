namespace Ja4Data.Schema;

/// <summary>
/// Splits a migration into statements at <c>;</c> outside string literals, quoted identifiers and comments, because
/// the native protocol runs one statement per query. Leading comments and whitespace are dropped; statements that
/// are only comments vanish.
/// </summary>
internal static class SqlStatementSplitter
{
    /// <exception cref="FormatException">A literal, quoted identifier or block comment is not closed.</exception>
    public static IReadOnlyList<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var start = -1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                var eol = sql.IndexOf('\n', i);
                i = eol < 0 ? sql.Length : eol + 1;
            }
            else if (c == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end >= 0 ? end + 2 : throw new FormatException($"Unterminated /* comment at offset {i}.");
            }
            else if (c == ';')
            {
                if (start >= 0)
                {
                    statements.Add(sql[start..i].TrimEnd());
                    start = -1;
                }

                i++;
            }
            else
            {
                if (start < 0 && !char.IsWhiteSpace(c))
                {
                    start = i;
                }

                i = c is '\'' or '`' or '"' ? SkipQuoted(sql, i) : i + 1;
            }
        }

        if (start >= 0)
        {
            statements.Add(sql[start..].TrimEnd());
        }

        return statements;
    }

    // ClickHouse quoting: backslash escapes the next character, and a doubled quote stands for itself.
    private static int SkipQuoted(string sql, int open)
    {
        var quote = sql[open];
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (sql[i] == '\\')
            {
                i++;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i++;
                }
                else
                {
                    return i + 1;
                }
            }
        }

        throw new FormatException($"Unterminated {quote} quote opened at offset {open}.");
    }
}
