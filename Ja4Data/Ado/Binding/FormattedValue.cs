using Ja4Data.Sql;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// A value rendered for its placeholder type: bare text (numbers, booleans, arrays, maps, tuples) that reads the same
/// in every text format, or content (text or raw bytes) that is quoted inside composites and literals and escaped in
/// the escaped text format.
/// </summary>
internal readonly record struct FormattedValue(string? Text, byte[]? Bytes, bool Quoted)
{
    public static FormattedValue Bare(string text) => new(text, null, false);

    public static FormattedValue QuotedText(string text) => new(text, null, true);

    public static FormattedValue QuotedBytes(byte[] bytes) => new(null, bytes, true);

    /// <summary>As an element of an Array, Map or Tuple: ClickHouse's quoted text format.</summary>
    public void AppendElement(StringBuilder sb)
    {
        if (!Quoted)
        {
            sb.Append(Text);
            return;
        }

        sb.Append('\'');
        AppendContent(sb, literal: true);
        sb.Append('\'');
    }

    /// <summary>As the escaped text form a server parses a bound parameter from.</summary>
    public string ToTextForm()
    {
        if (!Quoted)
        {
            return Text!;
        }

        var sb = new StringBuilder((Text?.Length ?? Bytes!.Length) + 8);
        AppendContent(sb, literal: false);
        return sb.ToString();
    }

    /// <summary>As a single-quoted SQL string whose content is the text a <c>CAST</c> parses.</summary>
    public string ToSqlString()
    {
        if (!Quoted)
        {
            return ClickHouseLiteral.Quote(Text!);
        }

        var sb = new StringBuilder();
        AppendElement(sb);
        return sb.ToString();
    }

    private void AppendContent(StringBuilder sb, bool literal)
    {
        if (Bytes is not null)
        {
            ParameterEscaping.AppendEscapedBytes(sb, Bytes);
        }
        else if (literal)
        {
            ClickHouseLiteral.AppendEscaped(sb, Text!, '\'');
        }
        else
        {
            ParameterEscaping.AppendEscapedText(sb, Text!);
        }
    }
}
