namespace Ja4Data.Types.Syntax;

/// <summary>One Enum element <c>'name' = value</c>; <see cref="Name"/> is unescaped and may hold any character.</summary>
internal sealed record EnumArg(string Name, long Value) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb)
    {
        TypeNameText.AppendQuoted(sb, Name);
        sb.Append(" = ").Append(Value.ToString(CultureInfo.InvariantCulture));
    }
}
