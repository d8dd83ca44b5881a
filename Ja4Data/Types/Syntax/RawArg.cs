namespace Ja4Data.Types.Syntax;

/// <summary>
/// An aggregate-function argument kept as the text it was written with, because it is a function call with
/// parameters (<c>quantiles(0.5, 0.9)</c>) or otherwise not a type; quotes and parentheses in it are balanced.
/// </summary>
internal sealed record RawArg(string Text) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb) => sb.Append(Text);
}
