namespace Ja4Data.Types.Syntax;

/// <summary>One argument between the parentheses of a type name; <see cref="ToString"/> gives its canonical text.</summary>
internal abstract record TypeArgument
{
    /// <summary>The argument as ClickHouse prints it inside a type name.</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    internal abstract void AppendTo(StringBuilder sb);
}
