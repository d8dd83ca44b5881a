using System.Text;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// An independent reading of ClickHouse's text rules (ReadHelpers.cpp: readQuotedStringInto, readEscapedStringInto,
/// parseComplexEscapeSequence), written from the server's behaviour, not from our encoder. It works on UTF-8 bytes, as
/// the server does, and returns the bytes the server would hold.
/// </summary>
internal static class ClickHouseTextReference
{
    /// <summary>
    /// Reads a string quoted with <paramref name="quote"/> (' for strings, ` for identifiers) starting at
    /// <paramref name="start"/>. With <paramref name="sqlStyle"/> a doubled quote stands for one (SQL text); without it,
    /// it ends the string (field dumps).
    /// </summary>
    /// <returns>The decoded bytes and the index just after the closing quote.</returns>
    public static (byte[] Value, int End) ReadQuoted(byte[] text, int start, bool sqlStyle, char quote = '\'')
    {
        if (start >= text.Length || text[start] != (byte)quote)
        {
            throw new FormatException($"Expected {quote} at {start}.");
        }

        var value = new List<byte>();
        var i = start + 1;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new FormatException("The quoted string is not closed.");
            }

            var b = text[i];
            if (b == (byte)quote)
            {
                if (sqlStyle && i + 1 < text.Length && text[i + 1] == (byte)quote)
                {
                    value.Add(b);
                    i += 2;
                    continue;
                }

                return ([.. value], i + 1);
            }

            if (b == (byte)'\\')
            {
                i = ReadEscape(text, i, value);
                continue;
            }

            value.Add(b);
            i++;
        }
    }

    /// <summary>
    /// Reads the escaped (TSV) text format as the server reads a bound parameter: the whole input must be consumed, and
    /// an unescaped tab or newline ends the value early (which the server reports as "not parsed completely").
    /// </summary>
    public static byte[] ReadEscaped(byte[] text)
    {
        var value = new List<byte>();
        var i = 0;
        while (i < text.Length)
        {
            var b = text[i];
            if (b is (byte)'\t' or (byte)'\n')
            {
                throw new FormatException($"The value ends early at byte {i} (an unescaped tab or newline).");
            }

            if (b == (byte)'\\')
            {
                i = ReadEscape(text, i, value);
                continue;
            }

            value.Add(b);
            i++;
        }

        return [.. value];
    }

    /// <summary>
    /// Reads an Array (<c>[e, e]</c>) or Map (<c>{k: v, k: v}</c>) of quoted strings in the text format, which must span
    /// the whole input; a map's keys and values come out in turn.
    /// </summary>
    public static List<byte[]> ReadStringCollection(byte[] text)
    {
        var (open, close) = text.Length > 0 && text[0] == (byte)'{' ? ((byte)'{', (byte)'}') : ((byte)'[', (byte)']');
        if (text.Length < 2 || text[0] != open)
        {
            throw new FormatException("Not an array or map.");
        }

        var items = new List<byte[]>();
        var i = 1;
        while (true)
        {
            i = SkipSpaces(text, i);
            if (items.Count == 0 && i < text.Length && text[i] == close)
            {
                i++;
                break;
            }

            var (value, end) = ReadQuoted(text, i, sqlStyle: true);
            items.Add(value);
            i = SkipSpaces(text, end);
            if (i < text.Length && open == (byte)'{' && items.Count % 2 == 1)
            {
                i = Expect(text, i, (byte)':');
                continue;
            }

            if (i < text.Length && text[i] == close)
            {
                i++;
                break;
            }

            i = Expect(text, i, (byte)',');
        }

        return i == text.Length ? items : throw new FormatException($"Text after the collection at {i}.");
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static int SkipSpaces(byte[] text, int i)
    {
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }

        return i;
    }

    private static int Expect(byte[] text, int i, byte expected)
        => i < text.Length && text[i] == expected ? i + 1 : throw new FormatException($"Expected '{(char)expected}' at {i}.");

    // parseComplexEscapeSequence: \xHH is one byte, \N is nothing; a known letter is its control character; the
    // characters \ ' " ` / = and controls stand for themselves; any other character keeps its backslash.
    private static int ReadEscape(byte[] text, int backslash, List<byte> value)
    {
        if (backslash + 1 >= text.Length)
        {
            throw new FormatException("A backslash ends the text (cannot parse escape sequence).");
        }

        var c = (char)text[backslash + 1];
        if (c == 'x')
        {
            if (backslash + 3 >= text.Length)
            {
                throw new FormatException("A \\x escape is cut short.");
            }

            value.Add(Convert.FromHexString(Encoding.ASCII.GetString(text, backslash + 2, 2))[0]);
            return backslash + 4;
        }

        if (c == 'N')
        {
            return backslash + 2;
        }

        var decoded = c switch
        {
            'a' => '\a',
            'b' => '\b',
            'e' => '\x1B',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            '0' => '\0',
            _ => c,
        };

        if (decoded is not ('\\' or '\'' or '"' or '`' or '/' or '=') && !(decoded < ' ' || decoded == '\x7F'))
        {
            value.Add((byte)'\\');
        }

        value.Add((byte)decoded);
        return backslash + 2;
    }
}
