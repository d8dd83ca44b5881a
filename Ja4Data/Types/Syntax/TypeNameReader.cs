using Ja4Data.Sql;

namespace Ja4Data.Types.Syntax;

/// <summary>
/// The lexical layer of <see cref="TypeParser"/>: a cursor over the text that reads identifiers, numbers and quoted
/// literals with ClickHouse's escape rules, and builds errors that name the position.
/// </summary>
internal sealed class TypeNameReader
{
    private const int MaxErrorTextLength = 200;

    private readonly string _text;

    public TypeNameReader(string text) => _text = text;

    /// <summary>0-based index of the next character.</summary>
    public int Position { get; set; }

    public bool AtEnd => Position >= _text.Length;

    public bool IsAtIdentifierStart => !AtEnd && IsIdentifierStart(_text[Position]);

    public bool IsAtNumberStart =>
        !AtEnd
        && (char.IsAsciiDigit(_text[Position])
            || (_text[Position] is '-' or '+' && Position + 1 < _text.Length && char.IsAsciiDigit(_text[Position + 1])));

    public char Current => _text[Position];

    public bool IsAt(char c) => Position < _text.Length && _text[Position] == c;

    /// <summary>True when the text continues with <paramref name="word"/> (any case) as a whole word.</summary>
    public bool IsAtWord(string word) =>
        _text.AsSpan(Position).StartsWith(word, StringComparison.OrdinalIgnoreCase)
        && (Position + word.Length == _text.Length || !IsIdentifierPart(_text[Position + word.Length]));

    public bool TryConsume(char c)
    {
        if (!IsAt(c))
        {
            return false;
        }

        Position++;
        return true;
    }

    /// <summary>Skips ASCII white space (SQL allows it between all tokens); true if there was any.</summary>
    public bool SkipWhitespace()
    {
        var start = Position;
        while (Position < _text.Length && IsWhitespace(_text[Position]))
        {
            Position++;
        }

        return Position > start;
    }

    public string Slice(int start, int end) => _text[start..end];

    /// <summary>The text between the positions with every run of white space turned into one space.</summary>
    public string SliceWords(int start, int end)
    {
        var sb = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
        {
            if (!IsWhitespace(_text[i]))
            {
                sb.Append(_text[i]);
            }
            else if (sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    public string ReadIdentifier()
    {
        if (!IsAtIdentifierStart)
        {
            throw Error("expected a name");
        }

        var start = Position++;
        while (Position < _text.Length && IsIdentifierPart(_text[Position]))
        {
            Position++;
        }

        return _text[start..Position];
    }

    /// <summary>An unsigned or signed decimal literal, possibly with a fraction and exponent, returned as written.</summary>
    public string ReadNumber()
    {
        var start = Position;
        if (_text[Position] is '-' or '+')
        {
            Position++;
        }

        SkipDigits();
        if (IsAt('.') && Position + 1 < _text.Length && char.IsAsciiDigit(_text[Position + 1]))
        {
            Position++;
            SkipDigits();
        }

        if (IsAt('e') || IsAt('E'))
        {
            var mantissaEnd = Position++;
            if (IsAt('-') || IsAt('+'))
            {
                Position++;
            }

            if (AtEnd || !char.IsAsciiDigit(_text[Position]))
            {
                Position = mantissaEnd;
                throw Error("malformed number exponent");
            }

            SkipDigits();
        }

        if (!AtEnd && (IsIdentifierPart(_text[Position]) || _text[Position] == '.'))
        {
            throw Error("malformed number", start);
        }

        return _text[start..Position];
    }

    public long ReadInt64()
    {
        var start = Position;
        if (!IsAtNumberStart)
        {
            throw Error("expected an integer");
        }

        var number = ReadNumber();
        return long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{number} is not a 64-bit integer", start);
    }

    /// <summary>
    /// Reads a literal delimited by <paramref name="quote"/> (the current character) with the <see cref="SqlLexer"/>
    /// and returns its content as <see cref="SqlEscapes"/> decodes it: a doubled quote stands for one, and an unknown
    /// escape keeps its backslash (<c>'\d'</c> stays two characters, for regular expressions).
    /// </summary>
    public string ReadQuoted(char quote)
    {
        var start = Position;
        var lexer = new SqlLexer(_text.AsSpan(start));
        var token = lexer.Next();
        if (token.Kind is not (SqlTokenKind.StringLiteral or SqlTokenKind.QuotedIdentifier) || _text[start] != quote)
        {
            throw Error(quote == '`' ? "unterminated back-quoted name" : "unterminated quoted string", start);
        }

        Position = start + token.Length;
        return SqlEscapes.DecodeText(_text.AsSpan(start + 1, token.Length - 2), quote);
    }

    /// <summary>
    /// Reads one argument as text up to the next top-level <c>,</c> or <c>)</c>, honouring quotes and nested
    /// parentheses (which count towards <paramref name="maxNesting"/>), and returns it trimmed.
    /// </summary>
    public string ReadRaw(int maxNesting)
    {
        var start = Position;
        var nesting = 0;
        while (true)
        {
            if (AtEnd)
            {
                throw Error("the argument list is not closed", start);
            }

            var c = _text[Position];
            if (c is '\'' or '`' or '"')
            {
                ReadQuoted(c);
                continue;
            }

            if ((c is ',' or ')') && nesting == 0)
            {
                break;
            }

            if (c == '(' && ++nesting > maxNesting)
            {
                throw Error($"types are nested deeper than {TypeParser.MaxDepth} levels");
            }

            if (c == ')')
            {
                nesting--;
            }

            Position++;
        }

        var raw = _text[start..Position].Trim();
        return raw.Length > 0 ? raw : throw Error("expected an argument", start);
    }

    public FormatException Error(string problem, int? position = null)
    {
        var at = position ?? Position;
        var shown = _text.Length <= MaxErrorTextLength ? _text : string.Concat(_text.AsSpan(0, MaxErrorTextLength), "...");
        return new FormatException($"Invalid ClickHouse type name: {problem} at position {at} (0-based) in \"{shown}\".");
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 0x7F && char.IsLetter(c));

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || (c > 0x7F && char.IsDigit(c));

    private void SkipDigits()
    {
        while (Position < _text.Length && char.IsAsciiDigit(_text[Position]))
        {
            Position++;
        }
    }
}
