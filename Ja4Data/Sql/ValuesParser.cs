using System.Numerics;

namespace Ja4Data.Sql;

/// <summary>
/// Reads the rows written after <c>VALUES</c> with the <see cref="SqlLexer"/>: rows in parentheses, optionally
/// separated by commas (as ClickHouse's Values format allows), optionally ended by one <c>;</c>. A value is a literal
/// (<see cref="SqlValueKind"/>: numbers with a sign, strings with every escape, <c>NULL</c>, booleans, arrays, tuples,
/// maps, nested), a placeholder the caller found, the keyword <c>DEFAULT</c>, or - anything else up to the next
/// <c>,</c> or <c>)</c> of the row - an expression, kept as SQL for the server to evaluate. Hand-written on the one
/// lexer because the grammar is ClickHouse's own.
/// </summary>
internal static class ValuesParser
{
    /// <summary>How deep arrays, tuples and maps may nest (a guard against stack exhaustion by hostile text).</summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// The rows of <paramref name="sql"/> from <paramref name="dataStart"/>; of <paramref name="placeholders"/> (found in
    /// the SQL, any order) one that starts where a value starts is that value.
    /// </summary>
    /// <exception cref="InlineDataException">The text is not a list of rows.</exception>
    public static List<SqlValue[]> ParseRows(string sql, int dataStart, IReadOnlyList<Placeholder> placeholders)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var reader = new Reader(sql, dataStart, placeholders);
        return reader.Rows();
    }

    /// <summary>
    /// One literal that makes up all of <paramref name="text"/> (white space around it aside): how text formats write
    /// arrays, tuples and maps (<c>['a','b']</c>, <c>(1,'x')</c>, <c>{'k':1}</c>).
    /// </summary>
    /// <exception cref="InlineDataException">The text is not one literal.</exception>
    public static SqlValue ParseLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(text, 0, []);
        return reader.WholeLiteral();
    }

    /// <summary>Line and column (1-based) of <paramref name="offset"/> in <paramref name="text"/>, for messages.</summary>
    public static string Describe(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"line {line}, column {offset - lineStart + 1} (offset {offset})");
    }

    private ref struct Reader
    {
        private readonly string _sql;
        private readonly Dictionary<int, int> _placeholderAt;
        private readonly IReadOnlyList<Placeholder> _placeholders;
        private SqlLexer _lexer;
        private int _row;
        private int _value;

        public Reader(string sql, int start, IReadOnlyList<Placeholder> placeholders)
        {
            _sql = sql;
            _placeholders = placeholders;
            _placeholderAt = new Dictionary<int, int>();
            for (var i = 0; i < placeholders.Count; i++)
            {
                _placeholderAt.TryAdd(placeholders[i].Start, i);
            }

            // The lexer reads the whole text so that offsets stay those of the SQL, and starts at the data.
            _lexer = new SqlLexer(sql);
            while (_lexer.Position < start && _lexer.Next().Kind != SqlTokenKind.EndOfText)
            {
            }

            _row = 0;
            _value = -1;
        }

        public List<SqlValue[]> Rows()
        {
            var rows = new List<SqlValue[]>();
            while (true)
            {
                _row = rows.Count;
                _value = -1;
                var token = Take();
                switch (token.Kind)
                {
                    case SqlTokenKind.EndOfText when rows.Count > 0:
                        return rows;
                    case SqlTokenKind.Semicolon when rows.Count > 0:
                        var rest = Take();
                        return rest.Kind == SqlTokenKind.EndOfText
                            ? rows
                            : throw Error(rest, "only white space and comments may follow the ';' that ends the VALUES (one statement per command)");
                    case SqlTokenKind.OpeningRoundBracket:
                        rows.Add(Row());
                        if (Peek().Kind == SqlTokenKind.Comma)
                        {
                            Take();
                        }

                        break;
                    default:
                        throw Error(token, rows.Count == 0 ? "expected '(' to start the first row" : "expected '(' to start the next row");
                }
            }
        }

        public SqlValue WholeLiteral()
        {
            var first = Peek();
            if (!TryLiteral(0, out var value) || Peek().Kind != SqlTokenKind.EndOfText)
            {
                throw Error(first, "expected one literal (a number, a quoted string, NULL, [array], (tuple) or {map})");
            }

            return value;
        }

        private SqlValue[] Row()
        {
            var values = new List<SqlValue>();
            while (true)
            {
                _value = values.Count;
                values.Add(Value());
                var token = Take();
                if (token.Kind == SqlTokenKind.ClosingRoundBracket)
                {
                    return [.. values];
                }

                if (token.Kind != SqlTokenKind.Comma)
                {
                    throw Error(token, "expected ',' or ')' after the value");
                }
            }
        }

        // A literal followed by the end of the value, DEFAULT, or else an expression.
        private SqlValue Value()
        {
            var saved = _lexer;
            var first = Peek();
            if (IsWord(first, "DEFAULT"))
            {
                Take();
                if (Peek().Kind is SqlTokenKind.Comma or SqlTokenKind.ClosingRoundBracket)
                {
                    return SqlValue.Default(first.Start, first.Length);
                }
            }
            else if (TryLiteral(0, out var literal) && Peek().Kind is SqlTokenKind.Comma or SqlTokenKind.ClosingRoundBracket)
            {
                return literal;
            }

            _lexer = saved;
            return Expression();
        }

        // Everything up to the row's next ',' or ')' outside brackets, checked only for balance and lexical errors.
        private SqlValue Expression()
        {
            var start = Peek().Start;
            var end = start;
            var depth = 0;
            while (true)
            {
                var next = _lexer;
                var token = next.NextSignificant();
                if (token.IsError)
                {
                    throw Error(token, LexicalProblem(token.Kind));
                }

                if (token.Kind == SqlTokenKind.EndOfText)
                {
                    throw Error(token, "the row is not closed: expected ')'");
                }

                if (depth == 0 && token.Kind is SqlTokenKind.Comma or SqlTokenKind.ClosingRoundBracket)
                {
                    break;
                }

                if (depth == 0 && token.Kind == SqlTokenKind.Semicolon)
                {
                    throw Error(token, "the row is not closed before ';': expected ')'");
                }

                if (depth == 0 && token.Kind is SqlTokenKind.ClosingSquareBracket or SqlTokenKind.ClosingCurlyBrace)
                {
                    throw Error(token, "expected ',' or ')' after the value (this bracket closes nothing)");
                }

                _lexer = next;
                depth += token.Kind switch
                {
                    SqlTokenKind.OpeningRoundBracket or SqlTokenKind.OpeningSquareBracket or SqlTokenKind.OpeningCurlyBrace => 1,
                    SqlTokenKind.ClosingRoundBracket or SqlTokenKind.ClosingSquareBracket or SqlTokenKind.ClosingCurlyBrace => -1,
                    _ => 0,
                };
                if (depth > MaxDepth)
                {
                    throw Error(token, $"brackets nest deeper than {MaxDepth} levels");
                }

                end = token.End;
            }

            return end == start
                ? throw Error(Peek(), "expected a value")
                : SqlValue.FromExpression(_sql[start..end], start, end - start);
        }

        private bool TryLiteral(int depth, out SqlValue value)
        {
            value = null!;
            if (depth > MaxDepth)
            {
                throw Error(Peek(), $"arrays, tuples and maps nest deeper than {MaxDepth} levels");
            }

            var token = Take();
            if (_placeholderAt.TryGetValue(token.Start, out var index))
            {
                var placeholder = _placeholders[index];
                var end = placeholder.Start + placeholder.Length;
                while (token.End < end && token.Kind != SqlTokenKind.EndOfText)
                {
                    token = Take();
                }

                value = SqlValue.FromPlaceholder(index, placeholder.Name, placeholder.Start, placeholder.Length);
                return true;
            }

            switch (token.Kind)
            {
                case SqlTokenKind.Number:
                    return TryNumber(token, token.Start, negative: false, out value);
                case SqlTokenKind.Minus or SqlTokenKind.Plus:
                    var number = Take();
                    return number.Kind is SqlTokenKind.Number or SqlTokenKind.BareWord
                        && TryNumber(number, token.Start, negative: token.Kind == SqlTokenKind.Minus, out value);
                case SqlTokenKind.StringLiteral or SqlTokenKind.HereDoc:
                    value = SqlValue.FromString(SqlEscapes.DecodeToken(token.TextIn(_sql)), token.Start, token.Length);
                    return true;
                case SqlTokenKind.BareWord:
                    return TryWord(token, out value);
                case SqlTokenKind.OpeningSquareBracket:
                    return TryItems(SqlValueKind.Array, token, SqlTokenKind.ClosingSquareBracket, depth, out value);
                case SqlTokenKind.OpeningRoundBracket:
                    return TryItems(SqlValueKind.Tuple, token, SqlTokenKind.ClosingRoundBracket, depth, out value);
                case SqlTokenKind.OpeningCurlyBrace:
                    return TryItems(SqlValueKind.Map, token, SqlTokenKind.ClosingCurlyBrace, depth, out value);
                default:
                    return false;
            }
        }

        private readonly bool TryWord(SqlToken token, out SqlValue value)
        {
            var word = token.TextIn(_sql);
            value = word switch
            {
                _ when word.Equals("NULL", StringComparison.OrdinalIgnoreCase) => SqlValue.Null(token.Start, token.Length),
                _ when word.Equals("true", StringComparison.OrdinalIgnoreCase) => SqlValue.FromBool(true, token.Start, token.Length),
                _ when word.Equals("false", StringComparison.OrdinalIgnoreCase) => SqlValue.FromBool(false, token.Start, token.Length),
                _ => null!,
            };
            return value is not null || TryNumber(token, token.Start, negative: false, out value);
        }

        // Items separated by commas (a trailing comma allowed, as ClickHouse does); a map's items are key ':' value.
        private bool TryItems(SqlValueKind kind, SqlToken open, SqlTokenKind close, int depth, out SqlValue value)
        {
            value = null!;
            var items = new List<SqlValue>();
            if (Peek().Kind == close)
            {
                var empty = Take();
                value = SqlValue.Composite(kind, items, open.Start, empty.End - open.Start);
                return true;
            }

            while (true)
            {
                if (!TryLiteral(depth + 1, out var item))
                {
                    return false;
                }

                items.Add(item);
                if (kind == SqlValueKind.Map)
                {
                    if (Take().Kind != SqlTokenKind.Colon || !TryLiteral(depth + 1, out var mapped))
                    {
                        return false;
                    }

                    items.Add(mapped);
                }

                var token = Take();
                if (token.Kind == SqlTokenKind.Comma && Peek().Kind == close && kind != SqlValueKind.Tuple)
                {
                    token = Take();
                }

                if (token.Kind == close)
                {
                    value = SqlValue.Composite(kind, items, open.Start, token.End - open.Start);
                    return true;
                }

                if (token.Kind != SqlTokenKind.Comma)
                {
                    return false;
                }
            }
        }

        // A number token (decimal, 0x hex, 0b binary, '_' separators, point, exponent, hex float) or inf/infinity/nan.
        private readonly bool TryNumber(SqlToken token, int start, bool negative, out SqlValue value)
        {
            value = null!;
            var text = token.TextIn(_sql);
            var sign = negative ? "-" : string.Empty;
            var length = token.End - start;
            if (token.Kind == SqlTokenKind.BareWord)
            {
                if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
                {
                    value = SqlValue.FromNumber(sign + "inf", SqlNumberForm.Special, start, length);
                }
                else if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
                {
                    value = SqlValue.FromNumber("nan", SqlNumberForm.Special, start, length);
                }

                return value is not null;
            }

            var plain = text.Contains('_') ? text.ToString().Replace("_", string.Empty, StringComparison.Ordinal) : text.ToString();
            if (plain.Length > 2 && plain[0] == '0' && plain[1] is 'x' or 'X' or 'b' or 'B')
            {
                return TryPrefixed(plain, sign, start, length, out value);
            }

            var form = plain.AsSpan().IndexOfAny(".eE") >= 0 ? SqlNumberForm.Real : SqlNumberForm.Integer;
            value = SqlValue.FromNumber(sign + plain, form, start, length);
            return true;
        }

        private static bool TryPrefixed(string plain, string sign, int start, int length, out SqlValue value)
        {
            value = null!;
            var digits = plain.AsSpan(2);
            if (plain[1] is 'b' or 'B')
            {
                var bits = BigInteger.Zero;
                foreach (var c in digits)
                {
                    bits = (bits << 1) | (c - '0');
                }

                value = SqlValue.FromNumber(sign + bits.ToString(CultureInfo.InvariantCulture), SqlNumberForm.Integer, start, length);
                return true;
            }

            var exponent = digits.IndexOfAny('p', 'P');
            var point = digits.IndexOf('.');
            if (exponent < 0 && point < 0)
            {
                var integer = BigInteger.Parse(string.Concat("0", digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                value = SqlValue.FromNumber(sign + integer.ToString(CultureInfo.InvariantCulture), SqlNumberForm.Integer, start, length);
                return true;
            }

            // A hexadecimal float (0x1.8p3 is 12): mantissa digits times a power of two.
            var mantissa = exponent < 0 ? digits : digits[..exponent];
            var power = exponent < 0 ? 0 : int.Parse(digits[(exponent + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var result = 0.0;
            foreach (var c in mantissa)
            {
                if (c == '.')
                {
                    continue;
                }

                result = (result * 16) + (char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
            }

            var fraction = point < 0 ? 0 : mantissa.Length - point - 1;
            result = Math.ScaleB(result, power - (4 * fraction));
            value = SqlValue.FromNumber(sign + result.ToString("R", CultureInfo.InvariantCulture), SqlNumberForm.Real, start, length);
            return true;
        }

        private readonly bool IsWord(SqlToken token, string word)
            => token.Kind == SqlTokenKind.BareWord && token.TextIn(_sql).Equals(word, StringComparison.OrdinalIgnoreCase);

        private readonly SqlToken Peek()
        {
            var copy = _lexer;
            return copy.NextSignificant();
        }

        private SqlToken Take() => _lexer.NextSignificant();

        private readonly InlineDataException Error(SqlToken token, string problem)
        {
            var found = token.Kind == SqlTokenKind.EndOfText
                ? "the end of the text"
                : $"'{(token.Length > 30 ? string.Concat(token.TextIn(_sql)[..30], "...") : token.TextIn(_sql).ToString())}'";
            return new InlineDataException(_row, _value, token.Start, $"{problem}; found {found} at {Describe(_sql, token.Start)}");
        }

        private static string LexicalProblem(SqlTokenKind kind) => kind switch
        {
            SqlTokenKind.ErrorSingleQuoteIsNotClosed => "a string literal is not closed: add the closing ' (a backslash escapes the character after it)",
            SqlTokenKind.ErrorDoubleQuoteIsNotClosed => "a double-quoted name is not closed",
            SqlTokenKind.ErrorBackQuoteIsNotClosed => "a back-quoted name is not closed",
            SqlTokenKind.ErrorMultilineCommentIsNotClosed => "a /* comment is not closed",
            SqlTokenKind.ErrorWrongNumber => "a malformed number",
            _ => "a character ClickHouse's SQL does not allow here",
        };
    }
}
