namespace Ja4Data.Sql;

/// <summary>One token of SQL text: its kind and where it stands (UTF-16 offsets into the text the lexer read).</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length)
{
    /// <summary>The offset just past the token.</summary>
    public int End => Start + Length;

    /// <summary>False for white space and comments, which the server's parser skips between all other tokens.</summary>
    public bool IsSignificant => Kind is not (SqlTokenKind.Whitespace or SqlTokenKind.Comment);

    /// <summary>True for text the server's lexer rejects (an unclosed literal or comment, a stray character).</summary>
    public bool IsError => Kind >= SqlTokenKind.Error;

    /// <summary>The token's text within <paramref name="sql"/>, the text it was read from.</summary>
    public ReadOnlySpan<char> TextIn(ReadOnlySpan<char> sql) => sql.Slice(Start, Length);
}
