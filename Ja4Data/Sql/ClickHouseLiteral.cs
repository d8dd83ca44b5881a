namespace Ja4Data.Sql;

/// <summary>
/// The one audited escaper for ClickHouse SQL string literals (ClickHouse docs, "Syntax: String"). Used only where
/// the server cannot bind a value itself (servers older than protocol revision 54459) and for quoted identifiers.
/// </summary>
internal static class ClickHouseLiteral
{
    /// <summary>A single-quoted literal whose content reads back as exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        AppendEscaped(sb, value, '\'');
        return sb.Append('\'').ToString();
    }

    /// <summary>
    /// Appends <paramref name="value"/> escaped for a literal delimited by <paramref name="quote"/>: backslash first,
    /// the quote itself, and every control character as an escape so no byte can end the literal or the statement.
    /// </summary>
    public static void AppendEscaped(StringBuilder sb, string value, char quote)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '`': sb.Append(quote == '`' ? @"\`" : "`"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\0': sb.Append(@"\0"); break;
                case '\b': sb.Append(@"\b"); break;
                case '\f': sb.Append(@"\f"); break;
                default:
                    // Only ASCII controls: \xHH means one raw byte, so U+0080..U+009F must stay UTF-8 encoded.
                    if (c < ' ' || c == '\x7F')
                    {
                        sb.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }
}
