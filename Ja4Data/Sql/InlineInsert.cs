namespace Ja4Data.Sql;

/// <summary>
/// Where an <c>INSERT</c> carries its rows in the SQL text, found by <see cref="Find"/> with the
/// <see cref="SqlLexer"/> as ClickHouse's <c>ParserInsertQuery</c> finds them: after <c>VALUES</c> the data starts at
/// the next token; after <c>FORMAT name</c> it starts past spaces and tabs and at most one line break.
/// </summary>
/// <param name="DataStart">Offset of the first character of the data.</param>
/// <param name="Format">The format as written (<c>Values</c> after the <c>VALUES</c> keyword).</param>
/// <param name="TargetStart">Offset of the target: the table name, or <c>FUNCTION</c>.</param>
/// <param name="TableEnd">Offset just past the target table (or table function): where a column list goes.</param>
/// <param name="ColumnListEnd">Offset just past the statement's column list; <paramref name="TableEnd"/> without one.</param>
internal sealed record InlineInsert(int DataStart, string Format, int TargetStart, int TableEnd, int ColumnListEnd)
{
    /// <summary>The target as written (<c>db.t</c>, <c>FUNCTION remote(...)</c>), for messages.</summary>
    public string Target(string sql) => sql[TargetStart..TableEnd];

    /// <summary>The statement up to its data: what the server is sent, to answer with the columns it expects.</summary>
    public string Head(string sql) => sql[..DataStart];

    /// <summary>
    /// <see cref="Head"/> with <paramref name="quotedColumns"/> as its column list instead of the statement's own, so the
    /// server computes the defaults of the columns left out.
    /// </summary>
    public string HeadWithColumns(string sql, IEnumerable<string> quotedColumns)
        => $"{sql[..TableEnd]} ({string.Join(", ", quotedColumns)}){sql[ColumnListEnd..DataStart]}";

    /// <summary>True for <c>VALUES</c> and <c>FORMAT Values</c>.</summary>
    public bool IsValues => Format.Equals("Values", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The INSERT with its data (when <paramref name="sql"/> holds any) at <see cref="DataStart"/>, or null for any other
    /// statement: not an INSERT, <c>INSERT ... SELECT</c>, <c>FROM INFILE</c>, or <c>VALUES</c>/<c>FORMAT</c> followed
    /// by nothing but white space, comments and a <c>;</c>.
    /// </summary>
    public static InlineInsert? Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var lexer = new SqlLexer(sql);
        if (!IsWord(sql, lexer.NextSignificant(), "INSERT") || !IsWord(sql, lexer.NextSignificant(), "INTO"))
        {
            return null;
        }

        var token = lexer.NextSignificant();
        if (IsWord(sql, token, "TABLE"))
        {
            token = lexer.NextSignificant();
        }

        var targetStart = token.Start;
        int tableEnd;
        if (IsWord(sql, token, "FUNCTION"))
        {
            if (lexer.NextSignificant().Kind != SqlTokenKind.BareWord || !SkipBalanced(ref lexer, lexer.NextSignificant(), out tableEnd))
            {
                return null;
            }
        }
        else
        {
            if (!SkipName(ref lexer, token, out tableEnd))
            {
                return null;
            }

            var copy = lexer;
            if (copy.NextSignificant().Kind == SqlTokenKind.Dot)
            {
                lexer = copy;
                if (!SkipName(ref lexer, lexer.NextSignificant(), out tableEnd))
                {
                    return null;
                }
            }
        }

        var columnListEnd = tableEnd;
        token = lexer.NextSignificant();
        if (token.Kind == SqlTokenKind.OpeningRoundBracket)
        {
            var peek = lexer;
            var inside = peek.NextSignificant();
            if (IsWord(sql, inside, "SELECT") || IsWord(sql, inside, "WITH") || !SkipBalanced(ref lexer, token, out columnListEnd))
            {
                return null;
            }

            token = lexer.NextSignificant();
        }

        // SETTINGS name = value, ...: literals and names up to the keyword that starts the data or the SELECT.
        if (IsWord(sql, token, "SETTINGS"))
        {
            do
            {
                token = lexer.NextSignificant();
            }
            while (token.Kind is not (SqlTokenKind.EndOfText or SqlTokenKind.OpeningRoundBracket) && !token.IsError
                && !IsWord(sql, token, "VALUES") && !IsWord(sql, token, "FORMAT") && !IsWord(sql, token, "SELECT") && !IsWord(sql, token, "WITH"));
        }

        if (IsWord(sql, token, "VALUES"))
        {
            var first = lexer.NextSignificant();
            return first.Kind is SqlTokenKind.EndOfText or SqlTokenKind.Semicolon
                ? null
                : new InlineInsert(first.Start, "Values", targetStart, tableEnd, columnListEnd);
        }

        if (!IsWord(sql, token, "FORMAT"))
        {
            return null;
        }

        var name = lexer.NextSignificant();
        if (!IsName(name))
        {
            return null;
        }

        var data = name.End;
        while (data < sql.Length && sql[data] is ' ' or '\t' or '\f')
        {
            data++;
        }

        data += data < sql.Length && sql[data] == '\r' ? 1 : 0;
        data += data < sql.Length && sql[data] == '\n' ? 1 : 0;
        var format = name.Kind == SqlTokenKind.BareWord ? sql[name.Start..name.End] : SqlEscapes.DecodeText(sql.AsSpan(name.Start + 1, name.Length - 2), sql[name.Start]);
        return string.IsNullOrWhiteSpace(sql[data..]) || (name.End < sql.Length && sql[name.End] == ';')
            ? null
            : new InlineInsert(data, format, targetStart, tableEnd, columnListEnd);
    }

    private static bool IsWord(string sql, SqlToken token, string word)
        => token.Kind == SqlTokenKind.BareWord && token.TextIn(sql).Equals(word, StringComparison.OrdinalIgnoreCase);

    private static bool IsName(SqlToken token) => token.Kind is SqlTokenKind.BareWord or SqlTokenKind.QuotedIdentifier;

    // A name, or a {name:Identifier} placeholder standing for one.
    private static bool SkipName(ref SqlLexer lexer, SqlToken token, out int end)
    {
        end = token.End;
        if (IsName(token))
        {
            return true;
        }

        if (token.Kind != SqlTokenKind.OpeningCurlyBrace)
        {
            return false;
        }

        for (var next = lexer.NextSignificant(); ; next = lexer.NextSignificant())
        {
            if (next.Kind is SqlTokenKind.EndOfText or SqlTokenKind.OpeningCurlyBrace || next.IsError)
            {
                return false;
            }

            if (next.Kind == SqlTokenKind.ClosingCurlyBrace)
            {
                end = next.End;
                return true;
            }
        }
    }

    // From an opening bracket to its match; false when the text ends first or holds an unclosed literal.
    private static bool SkipBalanced(ref SqlLexer lexer, SqlToken open, out int end)
    {
        end = 0;
        if (open.Kind != SqlTokenKind.OpeningRoundBracket)
        {
            return false;
        }

        var depth = 1;
        while (depth > 0)
        {
            var token = lexer.NextSignificant();
            if (token.Kind == SqlTokenKind.EndOfText || token.IsError)
            {
                return false;
            }

            depth += token.Kind switch
            {
                SqlTokenKind.OpeningRoundBracket => 1,
                SqlTokenKind.ClosingRoundBracket => -1,
                _ => 0,
            };
            end = token.End;
        }

        return true;
    }
}
