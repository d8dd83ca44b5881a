namespace Ja4Data.Types.Syntax;

/// <summary>A JSON path excluded from storage: <c>SKIP a.b</c>, or <c>SKIP REGEXP 'x.*'</c> when <see cref="IsRegexp"/>.</summary>
internal sealed record SkipArg(string Path, bool IsRegexp) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb)
    {
        sb.Append("SKIP ");
        if (IsRegexp)
        {
            sb.Append("REGEXP ");
            TypeNameText.AppendQuoted(sb, Path);
        }
        else
        {
            TypeNameText.AppendName(sb, Path, forceQuotes: false);
        }
    }
}
