namespace Ja4Data;

/// <summary>Finds <c>{name:Type}</c> placeholders outside string literals, quoted identifiers and comments.</summary>
internal static class PlaceholderScanner
{
    public static List<Placeholder> Find(string sql)
    {
        var found = new List<Placeholder>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c);
                    break;
                case '-' when At(sql, i + 1) == '-':
                case '#' when At(sql, i + 1) is ' ' or '!':
                    i = sql.IndexOf('\n', i) is var nl and >= 0 ? nl + 1 : sql.Length;
                    break;
                case '/' when At(sql, i + 1) == '*':
                    i = SkipBlockComment(sql, i);
                    break;
                case '{' when TryRead(sql, i, out var placeholder):
                    found.Add(placeholder);
                    i += placeholder.Length;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return found;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int SkipQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (At(sql, i + 1) != quote)
                {
                    return i + 1;
                }

                i += 2; // a doubled quote stands for itself
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    // ClickHouse block comments nest.
    private static int SkipBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length - 1)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static bool TryRead(string sql, int start, out Placeholder placeholder)
    {
        placeholder = default;
        var i = start + 1;
        while (i < sql.Length && char.IsWhiteSpace(sql[i]))
        {
            i++;
        }

        var nameStart = i;
        while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        var name = sql[nameStart..i];
        while (i < sql.Length && char.IsWhiteSpace(sql[i]))
        {
            i++;
        }

        if (name.Length == 0 || At(sql, i) != ':')
        {
            return false;
        }

        var typeStart = ++i;
        var depth = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                i = SkipQuoted(sql, i, c);
                continue;
            }

            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == '}' && depth == 0)
            {
                var type = sql[typeStart..i].Trim();
                if (type.Length == 0)
                {
                    return false;
                }

                placeholder = new Placeholder(start, i + 1 - start, name, type);
                return true;
            }

            i++;
        }

        return false;
    }
}
