namespace Ja4Data.Types.Syntax;

/// <summary>
/// A type parameter written <c>name=value</c>, such as <c>max_types=16</c> or <c>max_dynamic_paths=10</c>.
/// <see cref="Value"/> is the literal's text as written: a number, an identifier or a quoted string with its quotes.
/// </summary>
internal sealed record SettingArg(string Name, string Value) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb) => sb.Append(Name).Append('=').Append(Value);
}
