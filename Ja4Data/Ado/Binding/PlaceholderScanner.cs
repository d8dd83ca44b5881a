namespace Ja4Data.Ado.Binding;

/// <summary>
/// Finds <c>{name:Type}</c> placeholders the way ClickHouse's lexer (<c>src/Parsers/Lexer.cpp</c>) sees the SQL:
/// nothing inside <c>'...'</c>, <c>"..."</c>, <c>`...`</c>, typographic quotes, heredocs (<c>$tag$...$tag$</c>),
/// <c>--</c>, <c>//</c>, <c># </c> and nested <c>/* */</c> comments counts. Anything that does not read as a
/// placeholder exactly as the server would read it is left alone: the server then rejects it, and no value is bound
/// where the server would not bind one.
/// </summary>
internal static class PlaceholderScanner
{
    // Typographic quotes: modern servers read ‘...’ as a string and “...” as an identifier, with no escapes.
    private const char SingleOpen = '\u2018';
    private const char SingleClose = '\u2019';
    private const char DoubleOpen = '\u201C';
    private const char DoubleClose = '\u201D';

    public static List<Placeholder> Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
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
                case SingleOpen:
                    i = SkipUntil(sql, i + 1, SingleClose);
                    break;
                case DoubleOpen:
                    i = SkipUntil(sql, i + 1, DoubleClose);
                    break;
                case '-' when At(sql, i + 1) == '-':
                case '/' when At(sql, i + 1) == '/':
                case '#' when At(sql, i + 1) is ' ' or '!':
                    i = SkipLine(sql, i);
                    break;
                case '/' when At(sql, i + 1) == '*':
                    i = SkipBlockComment(sql, i);
                    break;
                case '$':
                    i = SkipDollar(sql, i);
                    break;
                case '{' when TryRead(sql, i, out var placeholder):
                    found.Add(placeholder);
                    i += placeholder.Length;
                    break;
                default:
                    // A whole word at once: a '$' inside a word (a$b$) does not open a heredoc.
                    i = IsWordChar(c) ? SkipWord(sql, i) : i + 1;
                    break;
            }
        }

        return found;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static int SkipWord(string sql, int start)
    {
        // Numbers stop at '$' ("1$x$" is the number 1, then a heredoc tag); identifiers include it.
        var allowDollar = !char.IsAsciiDigit(sql[start]);
        var i = start + 1;
        while (i < sql.Length && (IsWordChar(sql[i]) || (allowDollar && sql[i] == '$')))
        {
            i++;
        }

        return i;
    }

    private static int SkipLine(string sql, int start)
    {
        var newline = sql.IndexOf('\n', start);
        return newline >= 0 ? newline + 1 : sql.Length;
    }

    private static int SkipUntil(string sql, int start, char close)
    {
        var end = sql.IndexOf(close, start);
        return end >= 0 ? end + 1 : sql.Length;
    }

    /// <summary>A quoted string or identifier: backslash escapes the next character, a doubled quote stands for itself.</summary>
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

                i += 2;
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
        var depth = 1;
        var i = start + 2;
        while (i + 1 < sql.Length)
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

    /// <summary>
    /// A heredoc is <c>$tag$</c> (any text between the dollars) up to the next <c>$tag$</c>; without a closing tag the
    /// dollar is a character of its own or starts a word, as in the server's lexer.
    /// </summary>
    private static int SkipDollar(string sql, int start)
    {
        var tagEnd = sql.IndexOf('$', start + 1);
        if (tagEnd >= 0)
        {
            var tag = sql.AsSpan(start, tagEnd - start + 1);
            var close = sql.AsSpan(tagEnd + 1).IndexOf(tag, StringComparison.Ordinal);
            if (close >= 0)
            {
                return tagEnd + 1 + close + tag.Length;
            }
        }

        return start + 1 < sql.Length && IsWordChar(sql[start + 1]) ? SkipWord(sql, start) : start + 1;
    }

    private static int SkipWhitespace(string sql, int i)
    {
        while (i < sql.Length && char.IsWhiteSpace(sql[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// <c>{</c>, a bare name, one colon (<c>::</c> is another token), a type up to the <c>}</c> outside parentheses and
    /// quotes. White space may separate the parts, as the lexer skips it between tokens.
    /// </summary>
    private static bool TryRead(string sql, int start, out Placeholder placeholder)
    {
        placeholder = default;
        var i = SkipWhitespace(sql, start + 1);
        var nameStart = i;
        if (i >= sql.Length || !(char.IsAsciiLetter(sql[i]) || sql[i] == '_'))
        {
            return false;
        }

        while (i < sql.Length && IsWordChar(sql[i]))
        {
            i++;
        }

        var name = sql[nameStart..i];
        i = SkipWhitespace(sql, i);
        if (At(sql, i) != ':' || At(sql, i + 1) == ':')
        {
            return false;
        }

        var typeStart = ++i;
        var depth = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                i = SkipQuoted(sql, i, c);
                continue;
            }

            depth += c switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0 || c == '{')
            {
                return false;
            }

            if (c == '}' && depth == 0)
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
