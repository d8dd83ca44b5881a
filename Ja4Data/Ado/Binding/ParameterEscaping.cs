using Ja4Data.Sql;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// The escapes parameter values need beyond <see cref="ClickHouseLiteral"/>: the TSV-style "escaped" text format a
/// server parses a bound parameter with, and raw bytes (which may not be UTF-8) for either format.
/// </summary>
internal static class ParameterEscaping
{
    /// <summary>
    /// Appends <paramref name="value"/> for the escaped text format: backslash and every ASCII control character are
    /// escaped, so the value can neither end early (tab, newline) nor be read as an escape sequence.
    /// </summary>
    public static void AppendEscapedText(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            if (c == '\\')
            {
                sb.Append(@"\\");
            }
            else if (c < ' ' || c == '\x7F')
            {
                AppendControl(sb, c);
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    /// <summary>
    /// Appends bytes so that both the escaped text format and a single-quoted literal read back exactly these bytes:
    /// printable ASCII as itself, backslash and quote escaped, everything else as <c>\xHH</c> (one raw byte).
    /// </summary>
    public static void AppendEscapedBytes(StringBuilder sb, ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            var c = (char)b;
            if (c is '\\' or '\'')
            {
                sb.Append('\\').Append(c);
            }
            else if (c is >= ' ' and < '\x7F')
            {
                sb.Append(c);
            }
            else
            {
                AppendControl(sb, c);
            }
        }
    }

    private static void AppendControl(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\t': sb.Append(@"\t"); break;
            case '\n': sb.Append(@"\n"); break;
            case '\r': sb.Append(@"\r"); break;
            case '\0': sb.Append(@"\0"); break;
            case '\b': sb.Append(@"\b"); break;
            case '\f': sb.Append(@"\f"); break;
            default: sb.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>
    /// Refuses text with an unpaired UTF-16 surrogate: it has no UTF-8 form, so the encoder would silently send
    /// U+FFFD instead and the server would see a different value than the caller passed.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds an unpaired surrogate.</exception>
    public static string RequireWellFormed(string value, string parameterName)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            throw new ArgumentException(
                $"Parameter '{parameterName}' holds an unpaired UTF-16 surrogate at index {i}, which has no UTF-8 form; pass a byte[] to send arbitrary bytes.");
        }

        return value;
    }
}
