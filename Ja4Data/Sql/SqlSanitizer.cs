namespace Ja4Data.Sql;

/// <summary>
/// SQL text as diagnostics may show it: what a statement does and to which tables, never the values written into it.
/// String, number and heredoc literals become <c>?</c> (a statement such as <c>CREATE USER u IDENTIFIED BY '...'</c>
/// carries a password as a literal), comments are dropped; placeholders (<c>{name:Type}</c>, <c>@name</c>) stay, so
/// parameter values never appear either.
/// </summary>
internal static class SqlSanitizer
{
    private const int MaxOperationNameLength = 32;

    /// <summary>The text with every literal replaced by <c>?</c> and every comment by one space.</summary>
    public static string Sanitize(ReadOnlySpan<char> sql)
    {
        var text = new StringBuilder(sql.Length);
        var lexer = new SqlLexer(sql);
        for (var token = lexer.Next(); token.Kind != SqlTokenKind.EndOfText; token = lexer.Next())
        {
            switch (token.Kind)
            {
                case SqlTokenKind.StringLiteral or SqlTokenKind.Number or SqlTokenKind.HereDoc
                    or SqlTokenKind.ErrorSingleQuoteIsNotClosed or SqlTokenKind.ErrorDoubleQuoteIsNotClosed
                    or SqlTokenKind.ErrorBackQuoteIsNotClosed or SqlTokenKind.ErrorMultilineCommentIsNotClosed:
                    text.Append('?');
                    break;
                case SqlTokenKind.Comment:
                    text.Append(' ');
                    break;
                default:
                    text.Append(token.TextIn(sql));
                    break;
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>
    /// The statement's first keyword in upper case (<c>SELECT</c>, <c>INSERT</c>, <c>WITH</c>, <c>ALTER</c>...): the
    /// low-cardinality operation name of spans and metrics; null when the text starts with no keyword.
    /// </summary>
    public static string? OperationName(ReadOnlySpan<char> sql)
    {
        var lexer = new SqlLexer(sql);
        var token = lexer.NextSignificant();
        while (token.Kind == SqlTokenKind.OpeningRoundBracket)
        {
            token = lexer.NextSignificant(); // (SELECT ...) UNION ...
        }

        if (token.Kind != SqlTokenKind.BareWord || token.Length > MaxOperationNameLength)
        {
            return null;
        }

        var word = token.TextIn(sql);
        foreach (var c in word)
        {
            if (!char.IsAsciiLetter(c))
            {
                return null;
            }
        }

        return word.ToString().ToUpperInvariant();
    }
}
