using Ja4Data.Sql;

namespace Ja4Data.Types.Syntax;

/// <summary>How ClickHouse quotes names and literals when it prints a type name (<c>backQuoteIfNeed</c>, <c>quoteString</c>).</summary>
internal static class TypeNameText
{
    // Valid identifiers that ClickHouse still back-quotes because they would re-parse as keywords (or NULL).
    private static readonly string[] QuotedKeywords = ["null", "distinct", "all", "table", "select"];

    /// <summary>True when ClickHouse prints <paramref name="name"/> bare: ASCII word characters, not starting with a digit.</summary>
    public static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return !QuotedKeywords.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    public static void AppendName(StringBuilder sb, string name, bool forceQuotes)
    {
        if (!forceQuotes && IsPlainIdentifier(name))
        {
            sb.Append(name);
            return;
        }

        sb.Append('`');
        ClickHouseLiteral.AppendEscaped(sb, name, '`');
        sb.Append('`');
    }

    public static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('\'');
        ClickHouseLiteral.AppendEscaped(sb, value, '\'');
        sb.Append('\'');
    }
}
