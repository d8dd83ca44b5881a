namespace Ja4Data.Sql;

/// <summary>
/// Finds placeholders as the server's parser sees them in the <see cref="SqlLexer"/>'s tokens, outside every literal,
/// quoted identifier, heredoc and comment:
/// <list type="bullet">
/// <item><c>{name:Type}</c>: a <c>{</c> token, a bare name, one <c>:</c> (<c>::</c> is another token), and a type up to
/// the <c>}</c> outside parentheses. White space and comments may separate the parts, as the parser skips them between
/// tokens.</item>
/// <item><c>@name</c> (the ADO.NET convention): an <c>@</c> token with a bare name right after it. <c>@@name</c> (a
/// MySQL-style variable), a lone <c>@</c>, and an <c>@</c> written right after a word, string or quoted identifier
/// (<c>CREATE USER u@localhost</c>, <c>'u'@'%'</c>: ClickHouse's user-at-host syntax) are not placeholders.</item>
/// </list>
/// Anything that does not read as a placeholder is left alone: the server then rejects it, and no value is bound where
/// the server would not bind one. The data of an <c>INSERT ... FORMAT name</c> is not SQL and is not scanned.
/// </summary>
internal static class PlaceholderScanner
{
    /// <summary>The placeholders in <paramref name="sql"/>, in order.</summary>
    public static List<Placeholder> Find(string sql) => Find(sql, out _);

    /// <summary>
    /// The placeholders in <paramref name="sql"/>, in order, and where a second statement starts (after a <c>;</c>), or
    /// -1 when the text holds one statement (a trailing <c>;</c> starts none).
    /// </summary>
    public static List<Placeholder> Find(string sql, out int secondStatementStart)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var found = new List<Placeholder>();
        secondStatementStart = -1;
        var lexer = new SqlLexer(sql);
        var insertHeader = default(InsertHeader);
        SqlToken previous = default, previousSignificant = default;
        var afterSemicolon = false;
        for (var token = lexer.Next(); token.Kind != SqlTokenKind.EndOfText; token = lexer.Next())
        {
            if (!token.IsSignificant)
            {
                previous = token;
                continue;
            }

            if (afterSemicolon && token.Kind != SqlTokenKind.Semicolon && secondStatementStart < 0)
            {
                secondStatementStart = token.Start;
            }

            afterSemicolon |= token.Kind == SqlTokenKind.Semicolon;
            if (insertHeader.StartsData(sql, token, lexer))
            {
                break;
            }

            var afterIn = previousSignificant.Kind == SqlTokenKind.BareWord && previousSignificant.TextIn(sql).Equals("IN", StringComparison.OrdinalIgnoreCase);

            // A copy reads ahead; on failure scanning resumes right after the '{' or '@' ({p:{q:String}} holds q).
            var reader = lexer;
            var read = token.Kind switch
            {
                SqlTokenKind.OpeningCurlyBrace => TryReadTyped(sql, ref reader, token.Start, afterIn, out var typed) ? typed : (Placeholder?)null,
                SqlTokenKind.At when !IsUserAtHost(previous, token) => TryReadAtName(sql, ref reader, token, afterIn, out var named) ? named : null,
                _ => null,
            };

            if (read is { } placeholder)
            {
                found.Add(placeholder);
                lexer = reader;
                token = new SqlToken(SqlTokenKind.ClosingCurlyBrace, placeholder.Start + placeholder.Length - 1, 1); // stands for an operand
            }

            previous = previousSignificant = token;
        }

        return found;
    }

    // ClickHouse's user-at-host names: the '@' written right after the user name.
    private static bool IsUserAtHost(SqlToken previous, SqlToken at)
        => previous.End == at.Start && previous.Kind is SqlTokenKind.BareWord or SqlTokenKind.StringLiteral or SqlTokenKind.QuotedIdentifier;

    private static bool TryReadAtName(string sql, ref SqlLexer reader, SqlToken at, bool afterIn, out Placeholder placeholder)
    {
        var name = reader.Next();
        placeholder = new Placeholder(at.Start, name.End - at.Start, sql[name.Start..name.End], null, afterIn);
        return name.Kind == SqlTokenKind.BareWord && name.Start == at.End && IsName(name.TextIn(sql));
    }

    private static bool TryReadTyped(string sql, ref SqlLexer reader, int start, bool afterIn, out Placeholder placeholder)
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

                    placeholder = new Placeholder(start, token.End - start, sql[name.Start..name.End], sql[first.Start..last.End], afterIn);
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

    /// <summary>
    /// Tracks the head of an INSERT up to its data: <c>INSERT ... FORMAT name</c> is followed by data in that format,
    /// which the server hands to the format's parser, not to the SQL parser. A SELECT, WITH or VALUES ends the head
    /// (VALUES data reads as SQL tokens).
    /// </summary>
    private struct InsertHeader
    {
        private int _state; // 0: before the first word, 1: in an INSERT's head, 2: elsewhere

        public bool StartsData(string sql, SqlToken token, SqlLexer ahead)
        {
            if (_state == 2)
            {
                return false;
            }

            var word = token.Kind == SqlTokenKind.BareWord ? token.TextIn(sql) : default;
            if (_state == 0)
            {
                _state = word.Equals("INSERT", StringComparison.OrdinalIgnoreCase) ? 1 : 2;
                return false;
            }

            if (word.Equals("SELECT", StringComparison.OrdinalIgnoreCase) || word.Equals("WITH", StringComparison.OrdinalIgnoreCase)
                || word.Equals("VALUES", StringComparison.OrdinalIgnoreCase) || token.Kind == SqlTokenKind.Semicolon)
            {
                _state = 2;
                return false;
            }

            return word.Equals("FORMAT", StringComparison.OrdinalIgnoreCase) && ahead.NextSignificant().Kind == SqlTokenKind.BareWord;
        }
    }
}
