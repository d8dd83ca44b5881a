namespace Ja4Data.Sql;

/// <summary>
/// Splits a script (a migration) into statements at <c>;</c> tokens of the <see cref="SqlLexer"/>, because the native
/// protocol runs one statement per query: a <c>;</c> inside a literal, quoted identifier, heredoc or comment separates
/// nothing. Leading comments and white space are dropped; statements that are only comments vanish.
/// </summary>
internal static class SqlStatementSplitter
{
    /// <exception cref="FormatException">A literal, quoted identifier or block comment is not closed.</exception>
    public static IReadOnlyList<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var start = -1;
        var lexer = new SqlLexer(sql);
        for (var token = lexer.Next(); ; token = lexer.Next())
        {
            switch (token.Kind)
            {
                case SqlTokenKind.EndOfText:
                    if (start >= 0)
                    {
                        statements.Add(sql[start..].TrimEnd());
                    }

                    return statements;
                case SqlTokenKind.Semicolon:
                    if (start >= 0)
                    {
                        statements.Add(sql[start..token.Start].TrimEnd());
                        start = -1;
                    }

                    break;
                case SqlTokenKind.Whitespace or SqlTokenKind.Comment:
                    break;
                case SqlTokenKind.ErrorMultilineCommentIsNotClosed:
                    throw new FormatException($"Unterminated /* comment at offset {token.Start}: add */ (comments nest, so every /* needs its own).");
                case SqlTokenKind.ErrorSingleQuoteIsNotClosed:
                    throw Unclosed("string literal", sql, token);
                case SqlTokenKind.ErrorDoubleQuoteIsNotClosed:
                    throw Unclosed("double-quoted identifier", sql, token);
                case SqlTokenKind.ErrorBackQuoteIsNotClosed:
                    throw Unclosed("back-quoted identifier", sql, token);
                default:
                    start = start < 0 ? token.Start : start;
                    break;
            }
        }
    }

    private static FormatException Unclosed(string what, string sql, SqlToken token)
        => new($"Unterminated {what} ({sql[token.Start..(token.Start + 1)]}) at offset {token.Start}: add the closing quote (a backslash escapes the character after it).");
}
