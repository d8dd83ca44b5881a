namespace Ja4Data.Core.Inserts;

/// <summary>
/// A table's engine as <c>system.tables.engine_full</c> shows it: the engine name, its arguments (top-level, as
/// text) and the <c>SETTINGS</c> clause, for instance <c>Distributed(ja4, db, t_local, cityHash64(ja4))</c> or
/// <c>ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}') ORDER BY id SETTINGS index_granularity = 8192</c>.
/// </summary>
/// <remarks>
/// Written by hand because the text is the server's own canonical formatting of one engine clause, not user SQL:
/// all that is needed is to split it at top-level commas outside quotes and brackets, and to unquote identifiers
/// and string literals. Anything it cannot read leaves the table classified as not deduplicating, the safe side.
/// </remarks>
internal sealed record EngineDefinition(string Name, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>Reads <paramref name="engineFull"/>; null when it is not of the expected shape.</summary>
    public static EngineDefinition? Parse(string? engineFull)
    {
        var text = engineFull?.Trim() ?? string.Empty;
        var nameEnd = 0;
        while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] == '_'))
        {
            nameEnd++;
        }

        if (nameEnd == 0)
        {
            return null;
        }

        var arguments = new List<string>();
        var rest = nameEnd;
        if (rest < text.Length && text[rest] == '(')
        {
            var close = IndexOfTopLevel(text, rest + 1, ')');
            if (close < 0)
            {
                return null;
            }

            arguments.AddRange(SplitTopLevel(text[(rest + 1)..close]));
            rest = close + 1;
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var clause = FindSettingsClause(text, rest);
        if (clause >= 0)
        {
            foreach (var pair in SplitTopLevel(text[clause..]))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    settings[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
                }
            }
        }

        return new EngineDefinition(text[..nameEnd], arguments, settings);
    }

    /// <summary>
    /// An identifier or string literal argument as the name it stands for (<c>'db'</c>, <c>`db`</c> and <c>db</c> are
    /// all <c>db</c>); null for anything else, such as a function call.
    /// </summary>
    public static string? Unquote(string argument)
    {
        var text = argument.Trim();
        if (text.Length >= 2 && (text[0] == '\'' || text[0] == '`' || text[0] == '"') && text[^1] == text[0])
        {
            var unquoted = new StringBuilder(text.Length);
            for (var i = 1; i < text.Length - 1; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length - 1)
                {
                    i++;
                }

                unquoted.Append(text[i]);
            }

            return unquoted.ToString();
        }

        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? text : null;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = IndexOfTopLevel(text, start, ',');
            if (end < 0)
            {
                end = text.Length;
            }

            var part = text[start..end].Trim();
            if (part.Length > 0)
            {
                parts.Add(part);
            }

            start = end + 1;
        }

        return parts;
    }

    /// <summary>
    /// The index of the first <paramref name="target"/> from <paramref name="start"/> that is outside quotes and
    /// nested brackets; -1 when the text, or the bracket level <paramref name="start"/> is in, ends first.
    /// </summary>
    private static int IndexOfTopLevel(string text, int start, char target)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (depth == 0 && c == target)
            {
                return i;
            }

            switch (c)
            {
                case '\'' or '`' or '"':
                    i = EndOfQuoted(text, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    if (depth == 0)
                    {
                        return -1;
                    }

                    depth--;
                    break;
            }
        }

        return -1;
    }

    /// <summary>The index of the quote that closes the one at <paramref name="open"/> (backslash escapes); -1 if none.</summary>
    private static int EndOfQuoted(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == text[open])
            {
                return i;
            }
        }

        return -1;
    }

    // The clause the server writes last: " SETTINGS name = value, ...", outside quotes and brackets.
    private static int FindSettingsClause(string text, int start)
    {
        const string keyword = " SETTINGS ";
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'' or '`' or '"':
                    i = EndOfQuoted(text, i);
                    break;
                case '(':
                    i = IndexOfTopLevel(text, i + 1, ')');
                    break;
                case '[':
                    i = IndexOfTopLevel(text, i + 1, ']');
                    break;
                default:
                    if (string.CompareOrdinal(text, i, keyword, 0, keyword.Length) == 0)
                    {
                        return i + keyword.Length;
                    }

                    break;
            }

            if (i < 0)
            {
                return -1;
            }
        }

        return -1;
    }
}
