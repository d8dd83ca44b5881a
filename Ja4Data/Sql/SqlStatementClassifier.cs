namespace Ja4Data.Sql;

/// <summary>What a statement may do to the server, as far as its text proves it.</summary>
internal enum SqlStatementEffect
{
    /// <summary>Provably reads only: <c>SELECT</c>, <c>WITH ... SELECT</c>, <c>SHOW</c>, <c>DESCRIBE</c>/<c>DESC</c>, <c>EXISTS</c>, <c>EXPLAIN</c>.</summary>
    ReadOnly,

    /// <summary>An <c>INSERT</c> (with <c>VALUES</c>, <c>SELECT</c> or data blocks to follow).</summary>
    Insert,

    /// <summary>
    /// Anything else: DDL, mutations, <c>OPTIMIZE</c>, <c>TRUNCATE</c>, <c>SYSTEM</c>, <c>KILL</c>, <c>SET</c>..., and
    /// every text the classifier cannot read (an unknown keyword, a lexical error, a second statement).
    /// </summary>
    MayChangeData,
}

/// <summary>
/// Classifies a statement by its first keyword, read with the one <see cref="SqlLexer"/>: comments, white space and
/// opening parentheses before it are skipped (<c>/* x */ (SELECT 1) UNION ALL (SELECT 2)</c> is a read). It decides
/// whether a statement may be repeated after it reached the server, so it errs one way only: whatever is not provably
/// read-only is <see cref="SqlStatementEffect.MayChangeData"/>. ClickHouse's grammar lets <c>WITH</c> open only a
/// <c>SELECT</c>; <c>CHECK TABLE</c> is not read-only (on replicated tables it may fetch a broken part again).
/// </summary>
internal static class SqlStatementClassifier
{
    private static readonly string[] ReadOnlyKeywords = ["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN"];

    public static SqlStatementEffect Classify(ReadOnlySpan<char> sql)
    {
        var lexer = new SqlLexer(sql);
        var token = lexer.NextSignificant();
        while (token.Kind == SqlTokenKind.OpeningRoundBracket)
        {
            token = lexer.NextSignificant();
        }

        if (token.Kind != SqlTokenKind.BareWord)
        {
            return SqlStatementEffect.MayChangeData;
        }

        var keyword = token.TextIn(sql);
        if (keyword.Equals("INSERT", StringComparison.OrdinalIgnoreCase))
        {
            return SqlStatementEffect.Insert;
        }

        foreach (var readOnly in ReadOnlyKeywords)
        {
            if (keyword.Equals(readOnly, StringComparison.OrdinalIgnoreCase))
            {
                return IsOneStatement(ref lexer) ? SqlStatementEffect.ReadOnly : SqlStatementEffect.MayChangeData;
            }
        }

        return SqlStatementEffect.MayChangeData;
    }

    // The server refuses a second statement in one query, but a read is only proven harmless when there is none: after
    // the first ';' nothing but further ';' may follow. Text the lexer cannot read proves nothing either.
    private static bool IsOneStatement(ref SqlLexer lexer)
    {
        var ended = false;
        for (var token = lexer.NextSignificant(); token.Kind != SqlTokenKind.EndOfText; token = lexer.NextSignificant())
        {
            if (token.IsError || (ended && token.Kind != SqlTokenKind.Semicolon))
            {
                return false;
            }

            ended |= token.Kind == SqlTokenKind.Semicolon;
        }

        return true;
    }
}
