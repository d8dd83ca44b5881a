namespace Ja4Data.Types.Syntax;

/// <summary>
/// A nested type, optionally named: a named Tuple or Nested element (<c>a UInt8</c>) or a JSON typed path
/// (<c>a.b UInt32</c>, where <see cref="ElementName"/> is the whole dotted path).
/// </summary>
internal sealed record TypeArg(TypeNode Type, string? ElementName) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb) => AppendTo(sb, quoteName: false);

    internal void AppendTo(StringBuilder sb, bool quoteName)
    {
        if (ElementName is not null)
        {
            TypeNameText.AppendName(sb, ElementName, quoteName);
            sb.Append(' ');
        }

        Type.AppendTo(sb);
    }
}
