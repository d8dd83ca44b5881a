namespace Ja4Data.Types.Syntax;

/// <summary>A numeric literal as written: a size, precision or scale (<c>18</c>), or a function parameter (<c>0.5</c>).</summary>
internal sealed record NumberArg(string Text) : TypeArgument
{
    /// <summary>The literal as a whole number.</summary>
    /// <exception cref="FormatException">It has a fraction or exponent, or does not fit in 64 bits.</exception>
    public long AsInt64() =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Type argument {Text} is not a 64-bit integer.");

    internal override void AppendTo(StringBuilder sb) => sb.Append(Text);
}
