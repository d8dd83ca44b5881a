namespace Ja4Data.Types.Syntax;

/// <summary>A single-quoted literal such as a time zone (<c>'Europe/Amsterdam'</c>); <see cref="Value"/> is unescaped.</summary>
internal sealed record StringArg(string Value) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb) => TypeNameText.AppendQuoted(sb, Value);
}
