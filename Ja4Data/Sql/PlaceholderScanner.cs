namespace Ja4Data.Sql;

/// <summary>
/// Finds <c>{name:Type}</c> placeholders as the server's parser sees them in the <see cref="SqlLexer"/>'s tokens: a
/// <c>{</c> token outside every literal, quoted identifier, heredoc and comment, then a bare name, one <c>:</c>
/// (<c>::</c> is another token), and a type up to the <c>}</c> outside parentheses. White space and comments may
/// separate the parts, as the parser skips them between tokens. Anything that does not read as a placeholder is left
/// alone: the server then rejects it, and no value is bound where the server would not bind one.
/// </summary>
internal static class PlaceholderScanner
{
    public static List<Placeholder> Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var found = new List<Placeholder>();
        var lexer = new SqlLexer(sql);
        for (var token = lexer.Next(); token.Kind != SqlTokenKind.EndOfText; token = lexer.Next())
        {
            if (token.Kind != SqlTokenKind.OpeningCurlyBrace)
            {
                continue;
            }

            // A copy reads ahead; on failure scanning resumes right after the '{' ({p:{q:String}} holds q).
            var reader = lexer;
            if (TryRead(sql, ref reader, token.Start, out var placeholder))
            {
                found.Add(placeholder);
                lexer = reader;
            }
        }

        return found;
    }

    private static bool TryRead(string sql, ref SqlLexer reader, int start, out Placeholder placeholder)
    {
        placeholder = default;
        var name = reader.NextSignificant();
        if (name.Kind != SqlTokenKind.BareWord || !IsName(name.TextIn(sql)) || reader.NextSignificant().Kind != SqlTokenKind.Colon)
        {
            return false;
        }

        var depth = 0;
        SqlToken first = default, last = default;
        for (var token = reader.NextSignificant(); ; token = reader.NextSignificant())
        {
            switch (token.Kind)
            {
                case SqlTokenKind.EndOfText or SqlTokenKind.OpeningCurlyBrace:
                    return false;
                case SqlTokenKind.ClosingCurlyBrace when depth == 0:
                    if (first.Length == 0)
                    {
                        return false;
                    }

                    placeholder = new Placeholder(start, token.End - start, sql[name.Start..name.End], sql[first.Start..last.End]);
                    return true;
                case SqlTokenKind.OpeningRoundBracket:
                    depth++;
                    break;
                case SqlTokenKind.ClosingRoundBracket:
                    if (--depth < 0)
                    {
                        return false;
                    }

                    break;
            }

            first = first.Length == 0 ? token : first;
            last = token;
        }
    }

    // A plain identifier: a letter or '_', then letters, digits or '_' (a '$' belongs to words, not to names).
    private static bool IsName(ReadOnlySpan<char> word)
    {
        if (!(char.IsAsciiLetter(word[0]) || word[0] == '_'))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
