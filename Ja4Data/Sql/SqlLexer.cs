namespace Ja4Data.Sql;

/// <summary>
/// Cuts SQL text into tokens by ClickHouse's own lexical rules (<c>src/Parsers/Lexer.cpp</c>): strings with backslash
/// escapes and doubled quotes, back-quoted and double-quoted identifiers, typographic quotes, <c>--</c> and <c>//</c>
/// comments, <c>#</c> comments only before a space or <c>!</c> (<c>#x</c> is no comment), nested <c>/* /* */ */</c>
/// comments, heredocs (<c>$$...$$</c>, <c>$tag$...$tag$</c>), numbers (decimal, hex, binary, exponents, <c>_</c>
/// separators) and every operator. Every caller that needs to know what the server sees in SQL text (placeholders,
/// statement boundaries) reads it through this one lexer. It is hand-written because no general SQL tokenizer follows
/// these rules; it walks a span, returns tokens by value and allocates nothing.
/// </summary>
/// <remarks>
/// The server lexes UTF-8 bytes and this lexer UTF-16 characters; they agree on every token boundary because all
/// delimiters are ASCII or whole code points. A character that starts no token is one <see cref="SqlTokenKind.Error"/>
/// token (a surrogate pair counts as one).
/// </remarks>
internal ref struct SqlLexer
{
    private readonly ReadOnlySpan<char> _sql;
    private int _position;
    private SqlTokenKind _previousSignificant;

    public SqlLexer(ReadOnlySpan<char> sql)
    {
        _sql = sql;
        _position = 0;
        _previousSignificant = SqlTokenKind.Whitespace;
    }

    /// <summary>The offset at which the next token starts.</summary>
    public readonly int Position => _position;

    /// <summary>The next token; <see cref="SqlTokenKind.EndOfText"/> at the end, and on every call after it.</summary>
    public SqlToken Next()
    {
        var token = Read();
        if (token.IsSignificant)
        {
            // A '.' reads differently after an operand (x.1 is tuple access, not x then .1).
            _previousSignificant = token.Kind;
        }

        return token;
    }

    /// <summary>The next token that is neither white space nor a comment.</summary>
    public SqlToken NextSignificant()
    {
        SqlToken token;
        do
        {
            token = Next();
        }
        while (!token.IsSignificant);

        return token;
    }

    private static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // The Unicode spaces ClickHouse skips as well (text pasted from word processors).
    private static bool IsUnicodeWhitespace(char c)
        => c is '\u0085' or '\u00A0' or '\u180E' or (>= '\u2000' and <= '\u200D') or '\u2028' or '\u2029' or '\u202F'
            or '\u205F' or '\u2060' or '\u3000' or '\uFEFF';

    // Punctuation that is a token by itself whatever follows; EndOfText for every other character.
    private static SqlTokenKind OneCharacterToken(char c) => c switch
    {
        '(' => SqlTokenKind.OpeningRoundBracket,
        ')' => SqlTokenKind.ClosingRoundBracket,
        '[' => SqlTokenKind.OpeningSquareBracket,
        ']' => SqlTokenKind.ClosingSquareBracket,
        '{' => SqlTokenKind.OpeningCurlyBrace,
        '}' => SqlTokenKind.ClosingCurlyBrace,
        ',' => SqlTokenKind.Comma,
        ';' => SqlTokenKind.Semicolon,
        '+' => SqlTokenKind.Plus,
        '*' => SqlTokenKind.Asterisk,
        '%' => SqlTokenKind.Percent,
        '?' => SqlTokenKind.QuestionMark,
        '^' => SqlTokenKind.Caret,
        '\u2212' => SqlTokenKind.Minus, // the Unicode minus sign
        _ => SqlTokenKind.EndOfText,
    };

    private readonly char At(int index) => index < _sql.Length ? _sql[index] : '\0';

    private SqlToken Token(SqlTokenKind kind, int start, int end)
    {
        _position = end;
        return new SqlToken(kind, start, end - start);
    }

    // Two characters when the second one follows, else the first alone.
    private SqlToken OneOrTwo(int start, char second, SqlTokenKind two, SqlTokenKind one)
        => At(start + 1) == second ? Token(two, start, start + 2) : Token(one, start, start + 1);

    private SqlToken Read()
    {
        var start = _position;
        if (start >= _sql.Length)
        {
            return new SqlToken(SqlTokenKind.EndOfText, _sql.Length, 0);
        }

        var single = OneCharacterToken(_sql[start]);
        if (single != SqlTokenKind.EndOfText)
        {
            return Token(single, start, start + 1);
        }

        var next = At(start + 1);
        switch (_sql[start])
        {
            case ' ' or '\t' or '\n' or '\r' or '\f' or '\v':
                var end = start + 1;
                while (end < _sql.Length && IsAsciiWhitespace(_sql[end]))
                {
                    end++;
                }

                return Token(SqlTokenKind.Whitespace, start, end);
            case >= '0' and <= '9':
                return ReadNumber(start);
            case '\'':
                return ReadQuoted(start, SqlTokenKind.StringLiteral, SqlTokenKind.ErrorSingleQuoteIsNotClosed);
            case '"':
                return ReadQuoted(start, SqlTokenKind.QuotedIdentifier, SqlTokenKind.ErrorDoubleQuoteIsNotClosed);
            case '`':
                return ReadQuoted(start, SqlTokenKind.QuotedIdentifier, SqlTokenKind.ErrorBackQuoteIsNotClosed);
            case '.':
                return ReadDot(start);
            case '-':
                return next switch
                {
                    '>' => Token(SqlTokenKind.Arrow, start, start + 2),
                    '-' => ReadLineComment(start),
                    _ => Token(SqlTokenKind.Minus, start, start + 1),
                };
            case '/':
                return next switch
                {
                    '/' => ReadLineComment(start),
                    '*' => ReadBlockComment(start),
                    _ => Token(SqlTokenKind.Slash, start, start + 1),
                };
            case '#':
                // MySQL-style comments, but only before a space or '!' (a shebang): PostgreSQL operators use '#'.
                return next is ' ' or '!' ? ReadLineComment(start) : Token(SqlTokenKind.Error, start, start + 1);
            case '=':
                return Token(SqlTokenKind.EqualsSign, start, next == '=' ? start + 2 : start + 1);
            case '!':
                return OneOrTwo(start, '=', SqlTokenKind.NotEquals, SqlTokenKind.ErrorSingleExclamationMark);
            case '<':
                return next switch
                {
                    '=' when At(start + 2) == '>' => Token(SqlTokenKind.Spaceship, start, start + 3),
                    '=' => Token(SqlTokenKind.LessOrEquals, start, start + 2),
                    '>' => Token(SqlTokenKind.NotEquals, start, start + 2),
                    _ => Token(SqlTokenKind.Less, start, start + 1),
                };
            case '>':
                return OneOrTwo(start, '=', SqlTokenKind.GreaterOrEquals, SqlTokenKind.Greater);
            case ':':
                return OneOrTwo(start, ':', SqlTokenKind.DoubleColon, SqlTokenKind.Colon);
            case '|':
                return OneOrTwo(start, '|', SqlTokenKind.Concatenation, SqlTokenKind.PipeMark);
            case '@':
                return OneOrTwo(start, '@', SqlTokenKind.DoubleAt, SqlTokenKind.At);
            case '\\':
                return OneOrTwo(start, 'G', SqlTokenKind.VerticalDelimiter, SqlTokenKind.Error);
            case '\u2018' when Utf8LengthAtLeast(start + 1, 3):
                return ReadUntil(start, '\u2019', SqlTokenKind.StringLiteral, SqlTokenKind.ErrorSingleQuoteIsNotClosed);
            case '\u201C' when Utf8LengthAtLeast(start + 1, 3):
                return ReadUntil(start, '\u201D', SqlTokenKind.QuotedIdentifier, SqlTokenKind.ErrorDoubleQuoteIsNotClosed);
            default:
                return ReadOther(start);
        }
    }

    // '$' (heredoc, lone dollar or word), x'..' / b'..' strings, words, Unicode spaces, or a stray character.
    private SqlToken ReadOther(int start)
    {
        var c = _sql[start];
        if (c == '$')
        {
            // The tag is everything up to the next '$', even spaces; the heredoc ends at the next copy of the tag.
            var tagLength = _sql[(start + 1)..].IndexOf('$') + 2;
            if (tagLength >= 2)
            {
                var tag = _sql.Slice(start, tagLength);
                var close = _sql[(start + tagLength)..].IndexOf(tag);
                if (close >= 0)
                {
                    return Token(SqlTokenKind.HereDoc, start, start + tagLength + close + tagLength);
                }
            }

            if (!IsWordChar(At(start + 1)))
            {
                return Token(SqlTokenKind.DollarSign, start, start + 1);
            }
        }

        if (c is 'x' or 'X' or 'b' or 'B' && start + 2 < _sql.Length && _sql[start + 1] == '\'')
        {
            return ReadBinaryString(start, hex: c is 'x' or 'X');
        }

        var end = start;
        if (IsWordChar(c) || c == '$')
        {
            while (end < _sql.Length && (IsWordChar(_sql[end]) || _sql[end] == '$'))
            {
                end++;
            }

            return Token(SqlTokenKind.BareWord, start, end);
        }

        while (end < _sql.Length && (IsAsciiWhitespace(_sql[end]) || IsUnicodeWhitespace(_sql[end])))
        {
            end++;
        }

        if (end > start)
        {
            return Token(SqlTokenKind.Whitespace, start, end);
        }

        return Token(SqlTokenKind.Error, start, char.IsHighSurrogate(c) && char.IsLowSurrogate(At(start + 1)) ? start + 2 : start + 1);
    }

    private SqlToken ReadLineComment(int start)
    {
        // A newline cannot be escaped in a line comment; the newline itself is white space.
        var newline = _sql[start..].IndexOf('\n');
        return Token(SqlTokenKind.Comment, start, newline < 0 ? _sql.Length : start + newline);
    }

    private SqlToken ReadBlockComment(int start)
    {
        var depth = 1;
        var i = start + 2;
        while (i + 1 < _sql.Length)
        {
            if (_sql[i] == '/' && _sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (_sql[i] == '*' && _sql[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return Token(SqlTokenKind.Comment, start, i);
                }
            }
            else
            {
                i++;
            }
        }

        return Token(SqlTokenKind.ErrorMultilineCommentIsNotClosed, start, _sql.Length);
    }

    // Backslash escapes the next character and a doubled quote stands for itself.
    private SqlToken ReadQuoted(int start, SqlTokenKind success, SqlTokenKind error)
    {
        var quote = _sql[start];
        var i = start + 1;
        while (true)
        {
            var found = _sql[i..].IndexOfAny(quote, '\\');
            if (found < 0)
            {
                return Token(error, start, _sql.Length);
            }

            i += found + 1;
            if (_sql[i - 1] == '\\')
            {
                if (i >= _sql.Length)
                {
                    return Token(error, start, _sql.Length);
                }

                i++;
            }
            else if (At(i) == quote)
            {
                i++;
            }
            else
            {
                return Token(success, start, i);
            }
        }
    }

    // Typographic quotes: no escapes, up to the closing mark.
    private SqlToken ReadUntil(int start, char close, SqlTokenKind success, SqlTokenKind error)
    {
        var found = _sql[(start + 1)..].IndexOf(close);
        return found < 0 ? Token(error, start, _sql.Length) : Token(success, start, start + 1 + found + 1);
    }

    // x'4142' or b'0100': digits of the base up to the closing quote; anything else leaves it unclosed to the end.
    private SqlToken ReadBinaryString(int start, bool hex)
    {
        var i = start + 2;
        while (i < _sql.Length && (hex ? char.IsAsciiHexDigit(_sql[i]) : _sql[i] is '0' or '1'))
        {
            i++;
        }

        return At(i) == '\'' && i < _sql.Length
            ? Token(SqlTokenKind.StringLiteral, start, i + 1)
            : Token(SqlTokenKind.ErrorSingleQuoteIsNotClosed, start, _sql.Length);
    }

    private SqlToken ReadDot(int start)
    {
        var operand = _previousSignificant is SqlTokenKind.ClosingRoundBracket or SqlTokenKind.ClosingSquareBracket
            or SqlTokenKind.BareWord or SqlTokenKind.QuotedIdentifier or SqlTokenKind.Number;
        if (start > 0 && (!char.IsAsciiDigit(At(start + 1)) || operand))
        {
            return Token(SqlTokenKind.Dot, start, start + 1);
        }

        var i = SkipDigits(start + 1, startOfBlock: true, hex: false);
        i = SkipExponent(i, hex: false);
        return Token(SqlTokenKind.Number, start, i);
    }

    private SqlToken ReadNumber(int start)
    {
        int i;
        if (_previousSignificant == SqlTokenKind.Dot)
        {
            // After a dot only a plain integer: x.1.1 is two tuple accesses, not x then 1.1.
            i = SkipDigits(start + 1, startOfBlock: false, hex: false);
        }
        else
        {
            var hex = false;
            var startOfBlock = false;
            i = start + 1;
            if (_sql[start] == '0' && start + 2 < _sql.Length && _sql[start + 1] is 'x' or 'X' or 'b' or 'B')
            {
                var isHex = _sql[start + 1] is 'x' or 'X';
                if (isHex ? char.IsAsciiHexDigit(_sql[start + 2]) : _sql[start + 2] is '0' or '1')
                {
                    hex = isHex;
                    startOfBlock = true;
                    i = start + 2;
                }
            }

            i = SkipDigits(i, startOfBlock, hex);
            if (At(i) == '.' && i < _sql.Length)
            {
                i = SkipDigits(i + 1, startOfBlock: true, hex);
            }

            i = SkipExponent(i, hex);
        }

        if (i < _sql.Length && IsWordChar(_sql[i]))
        {
            // 1abc is a word; 1.5abc is no number and no word.
            while (i < _sql.Length && IsWordChar(_sql[i]))
            {
                i++;
            }

            foreach (var c in _sql[start..i])
            {
                if (!IsWordChar(c) && c != '$')
                {
                    return Token(SqlTokenKind.ErrorWrongNumber, start, i);
                }
            }

            return Token(SqlTokenKind.BareWord, start, i);
        }

        return Token(SqlTokenKind.Number, start, i);
    }

    // e/E (p/P for hex) with an optional sign and decimal digits; needs a character after the letter.
    private readonly int SkipExponent(int i, bool hex)
    {
        if (i + 1 < _sql.Length && (hex ? _sql[i] is 'p' or 'P' : _sql[i] is 'e' or 'E'))
        {
            i++;
            if (i + 1 < _sql.Length && _sql[i] is '-' or '+')
            {
                i++;
            }

            i = SkipDigits(i, startOfBlock: true, hex: false);
        }

        return i;
    }

    private readonly int SkipDigits(int i, bool startOfBlock, bool hex)
    {
        while (i < _sql.Length && ((hex ? char.IsAsciiHexDigit(_sql[i]) : char.IsAsciiDigit(_sql[i])) || IsNumberSeparator(i, startOfBlock, hex)))
        {
            i++;
            startOfBlock = false;
        }

        return i;
    }

    // '_' between two digits of the same block: not first (_1, 1e_2), not doubled or last (1__2, 12_), not before a point.
    private readonly bool IsNumberSeparator(int i, bool startOfBlock, bool hex)
        => _sql[i] == '_' && !startOfBlock && i + 1 < _sql.Length && (hex ? char.IsAsciiHexDigit(_sql[i + 1]) : char.IsAsciiDigit(_sql[i + 1]));

    // Whether the UTF-8 form of the text from index on is at least that many bytes long.
    private readonly bool Utf8LengthAtLeast(int index, int bytes)
    {
        var total = 0;
        for (var i = index; i < _sql.Length && total < bytes; i++)
        {
            total += _sql[i] switch
            {
                < '\u0080' => 1,
                < '\u0800' => 2,
                _ when char.IsSurrogate(_sql[i]) => 2, // a pair is 4 bytes in all
                _ => 3,
            };
        }

        return total >= bytes;
    }
}
