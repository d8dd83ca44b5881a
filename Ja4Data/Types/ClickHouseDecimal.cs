using System.Numerics;

namespace Ja4Data;

/// <summary>
/// An exact ClickHouse <c>Decimal(P, S)</c> value for precisions above 28 digits, which <see cref="decimal"/> cannot
/// always hold: the unscaled integer and the scale, so the value is <see cref="UnscaledValue"/> × 10^-<see cref="Scale"/>.
/// Columns with P &lt;= 28 are read as <see cref="decimal"/>; wider ones (Decimal128 with P 29–38, Decimal256) as this type.
/// Writes to any Decimal column accept this type as well as <see cref="decimal"/> and integers.
/// </summary>
public readonly struct ClickHouseDecimal : IEquatable<ClickHouseDecimal>, IComparable<ClickHouseDecimal>
{
    /// <summary>Creates the value <paramref name="unscaledValue"/> × 10^-<paramref name="scale"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative or above 76.</exception>
    public ClickHouseDecimal(BigInteger unscaledValue, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 76);
        UnscaledValue = unscaledValue;
        Scale = scale;
    }

    /// <summary>The integer the server stores (the value × 10^Scale).</summary>
    public BigInteger UnscaledValue { get; }

    /// <summary>The number of digits after the decimal point.</summary>
    public int Scale { get; }

    /// <summary>Converts a <see cref="decimal"/> exactly.</summary>
    public static implicit operator ClickHouseDecimal(decimal value) => FromDecimal(value);

    /// <summary>Converts to <see cref="decimal"/>; see <see cref="ToDecimal"/>.</summary>
    public static explicit operator decimal(ClickHouseDecimal value) => value.ToDecimal();

    /// <summary>Compares numerically (<c>1.50</c> equals <c>1.5</c>).</summary>
    public static bool operator ==(ClickHouseDecimal left, ClickHouseDecimal right) => left.Equals(right);

    /// <summary>Compares numerically.</summary>
    public static bool operator !=(ClickHouseDecimal left, ClickHouseDecimal right) => !left.Equals(right);

    /// <summary>Compares numerically.</summary>
    public static bool operator <(ClickHouseDecimal left, ClickHouseDecimal right) => left.CompareTo(right) < 0;

    /// <summary>Compares numerically.</summary>
    public static bool operator >(ClickHouseDecimal left, ClickHouseDecimal right) => left.CompareTo(right) > 0;

    /// <summary>Compares numerically.</summary>
    public static bool operator <=(ClickHouseDecimal left, ClickHouseDecimal right) => left.CompareTo(right) <= 0;

    /// <summary>Compares numerically.</summary>
    public static bool operator >=(ClickHouseDecimal left, ClickHouseDecimal right) => left.CompareTo(right) >= 0;

    /// <summary>Converts a <see cref="decimal"/> exactly, keeping its scale.</summary>
    public static ClickHouseDecimal FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return new ClickHouseDecimal(value < 0 || (bits[3] & int.MinValue) != 0 ? -magnitude : magnitude, (bits[3] >> 16) & 0xFF);
    }

    /// <summary>Parses invariant text such as <c>-123.4500</c> (no exponent); the scale is the number of digits after the point.</summary>
    /// <exception cref="FormatException">The text is not a plain decimal number.</exception>
    public static ClickHouseDecimal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? text : string.Concat(text.AsSpan(0, point), text.AsSpan(point + 1));
        if (digits.Length == 0 || digits.Contains('+', StringComparison.Ordinal) || (point >= 0 && point + 1 == text.Length)
            || !BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unscaled))
        {
            throw new FormatException($"'{text}' is not a decimal number.");
        }

        return new ClickHouseDecimal(unscaled, point < 0 ? 0 : text.Length - point - 1);
    }

    /// <summary>The value as <see cref="decimal"/>, rounded to 28 significant digits when it has more.</summary>
    /// <exception cref="OverflowException">The value is beyond ±7.9e28.</exception>
    public decimal ToDecimal()
    {
        var unscaled = UnscaledValue;
        var scale = Scale;
        while (scale > 28 || BigInteger.Abs(unscaled) > DecimalMax)
        {
            if (scale == 0)
            {
                throw new OverflowException($"{this} does not fit System.Decimal.");
            }

            unscaled = BigInteger.Divide(unscaled + (unscaled.Sign * 5), 10);
            scale--;
        }

        var magnitude = BigInteger.Abs(unscaled);
        return new decimal((int)(uint)(magnitude & uint.MaxValue), (int)(uint)((magnitude >> 32) & uint.MaxValue), (int)(uint)(magnitude >> 64), unscaled.Sign < 0, (byte)scale);
    }

    /// <summary>The unscaled value at another scale; fails rather than drop non-zero digits.</summary>
    /// <exception cref="OverflowException">Digits would be lost.</exception>
    public BigInteger UnscaledAt(int scale)
    {
        if (scale >= Scale)
        {
            return UnscaledValue * BigInteger.Pow(10, scale - Scale);
        }

        var quotient = BigInteger.DivRem(UnscaledValue, BigInteger.Pow(10, Scale - scale), out var remainder);
        return remainder.IsZero ? quotient : throw new OverflowException($"{this} has more than {scale} digits after the decimal point.");
    }

    /// <summary>Invariant text with exactly <see cref="Scale"/> digits after the point, e.g. <c>-0.0500</c>.</summary>
    public override string ToString()
    {
        var digits = BigInteger.Abs(UnscaledValue).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        var sign = UnscaledValue.Sign < 0 ? "-" : string.Empty;
        return Scale == 0 ? sign + digits : string.Concat(sign, digits.AsSpan(0, digits.Length - Scale), ".", digits.AsSpan(digits.Length - Scale));
    }

    /// <inheritdoc/>
    public bool Equals(ClickHouseDecimal other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClickHouseDecimal other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Normalize().GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(ClickHouseDecimal other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return UnscaledAt(scale).CompareTo(other.UnscaledAt(scale));
    }

    private static readonly BigInteger DecimalMax = (BigInteger.One << 96) - 1;

    private (BigInteger, int) Normalize()
    {
        var unscaled = UnscaledValue;
        var scale = Scale;
        while (scale > 0 && (unscaled % 10).IsZero)
        {
            unscaled /= 10;
            scale--;
        }

        return (unscaled, scale);
    }
}
