using System.Text.Unicode;

namespace Ja4Data.Sql;

/// <summary>
/// The one decoder of ClickHouse's backslash escapes (<c>parseComplexEscapeSequence</c> in <c>src/IO/ReadHelpers.cpp</c>),
/// shared by SQL string literals and quoted names (<c>'...'</c>, <c>"..."</c>, <c>`...`</c>), the type-name parser and
/// the TabSeparated format, which all read text with the same rules:
/// <c>\b \f \n \r \t \0 \a \v \e</c> are control characters, <c>\xHH</c> is one raw byte, <c>\N</c> stands for nothing,
/// <c>\\ \' \" \` \/ \=</c> are the character itself, and any other escape keeps its backslash (<c>'\d'</c> stays two
/// characters, for regular expressions and <c>LIKE</c> patterns). Inside a quoted literal a doubled quote stands for one.
/// </summary>
internal static class SqlEscapes
{
    /// <summary>
    /// The content of a string-literal, quoted-identifier or heredoc token as the server reads it: a string, or a
    /// <see cref="byte"/> array when <c>\xHH</c> escapes (or <c>x'..'</c> / <c>b'..'</c> literals) spell bytes that are
    /// not UTF-8 (the value is then kept byte for byte).
    /// </summary>
    /// <exception cref="FormatException">The token is not a closed literal.</exception>
    public static object DecodeToken(ReadOnlySpan<char> token)
    {
        if (token.Length >= 2 && token[0] is 'x' or 'X' or 'b' or 'B' && token[1] == '\'')
        {
            return token.Length >= 3 && token[^1] == '\''
                ? FromBytes(token[0] is 'x' or 'X' ? Hex(token[2..^1]) : Bits(token[2..^1]))
                : throw Unclosed(token);
        }

        switch (token.Length > 0 ? token[0] : '\0')
        {
            case '\'' or '"' or '`' when token.Length >= 2 && token[^1] == token[0]:
                return Decode(token[1..^1], token[0]);
            case '\u2018' when token.Length >= 2 && token[^1] == '\u2019':
            case '\u201C' when token.Length >= 2 && token[^1] == '\u201D':
                // Typographic quotes take no escapes.
                return token[1..^1].ToString();
            case '$':
                var tag = token[1..].IndexOf('$') + 2;
                return tag >= 2 && token.Length >= 2 * tag && token.EndsWith(token[..tag])
                    ? token[tag..^tag].ToString()
                    : throw Unclosed(token);
            default:
                throw Unclosed(token);
        }
    }

    /// <summary>
    /// Decodes <paramref name="content"/> (without its quotes) whose doubled <paramref name="quote"/> stands for one quote;
    /// <c>'\0'</c> for text without quotes (an escaped TabSeparated field). A string, or a <see cref="byte"/> array when
    /// <c>\xHH</c> escapes spell bytes that are not UTF-8.
    /// </summary>
    public static object Decode(ReadOnlySpan<char> content, char quote)
    {
        var special = quote == '\0' ? content.IndexOf('\\') : content.IndexOfAny('\\', quote);
        if (special < 0)
        {
            return content.ToString();
        }

        var sb = new StringBuilder(content.Length);
        sb.Append(content[..special]);

        // \xHH escapes are raw bytes, which only a byte buffer can mix with text: it is made at the first of them.
        List<byte>? bytes = null;
        for (var i = special; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '\\' && i + 3 < content.Length && content[i + 1] == 'x' && char.IsAsciiHexDigit(content[i + 2]) && char.IsAsciiHexDigit(content[i + 3]))
            {
                Flush(sb, bytes ??= new List<byte>(content.Length));
                bytes.Add((byte)((HexValue(content[i + 2]) << 4) | HexValue(content[i + 3])));
                i += 3;
            }
            else if (c == '\\' && i + 1 < content.Length)
            {
                AppendEscape(sb, content[++i]);
            }
            else if (c == quote && quote != '\0' && i + 1 < content.Length && content[i + 1] == quote)
            {
                sb.Append(quote);
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (bytes is null)
        {
            return sb.ToString();
        }

        Flush(sb, bytes);
        return FromBytes([.. bytes]);
    }

    /// <summary>As <see cref="Decode"/>, for names: bytes that are not UTF-8 become U+FFFD, as a name must be text.</summary>
    public static string DecodeText(ReadOnlySpan<char> content, char quote)
        => Decode(content, quote) switch
        {
            string text => text,
            var bytes => Encoding.UTF8.GetString((byte[])bytes),
        };

    private static void Flush(StringBuilder sb, List<byte> bytes)
    {
        if (sb.Length > 0)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(sb.ToString()));
            sb.Clear();
        }
    }

    private static object FromBytes(byte[] bytes) => Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : bytes;

    private static void AppendEscape(StringBuilder sb, char escaped)
    {
        switch (escaped)
        {
            case 'a': sb.Append('\a'); break;
            case 'b': sb.Append('\b'); break;
            case 'e': sb.Append('\x1B'); break;
            case 'f': sb.Append('\f'); break;
            case 'n': sb.Append('\n'); break;
            case 'r': sb.Append('\r'); break;
            case 't': sb.Append('\t'); break;
            case 'v': sb.Append('\v'); break;
            case '0': sb.Append('\0'); break;
            case 'N': break; // \N is NULL where a whole field is just that; inside text it stands for nothing
            case '\\' or '\'' or '"' or '`' or '/' or '=': sb.Append(escaped); break;
            case < ' ' or '\x7F': sb.Append(escaped); break; // a backslash before a control character escapes it
            default: sb.Append('\\').Append(escaped); break;
        }
    }

    // x'4142': two hex digits a byte; an odd count takes a leading zero.
    private static byte[] Hex(ReadOnlySpan<char> digits)
    {
        var bytes = new byte[(digits.Length + 1) / 2];
        var offset = digits.Length % 2;
        for (var i = 0; i < digits.Length; i++)
        {
            var at = (i + offset) / 2;
            bytes[at] = (byte)((bytes[at] << 4) | HexValue(digits[i]));
        }

        return bytes;
    }

    // b'01000001': eight bits a byte; a count that is no multiple of 8 takes leading zeros.
    private static byte[] Bits(ReadOnlySpan<char> digits)
    {
        var bytes = new byte[(digits.Length + 7) / 8];
        var offset = (8 - (digits.Length % 8)) % 8;
        for (var i = 0; i < digits.Length; i++)
        {
            var at = (i + offset) / 8;
            bytes[at] = (byte)((bytes[at] << 1) | (digits[i] - '0'));
        }

        return bytes;
    }

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    private static FormatException Unclosed(ReadOnlySpan<char> token)
        => new($"{(token.Length > 40 ? string.Concat(token[..40], "...") : token.ToString())} is not a closed string literal.");
}
