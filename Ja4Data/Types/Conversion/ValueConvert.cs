using System.Numerics;

namespace Ja4Data.Types.Conversion;

/// <summary>
/// The one table that turns a .NET value into a value of a ClickHouse type. Column builders (inserts, the Native format)
/// and parameter binding both take their values from it, so a value means the same wherever it goes; the inputs each
/// type accepts are the README's "Column types" table. A method returns the type's .NET value (or its raw wire number
/// where that is what every caller needs) or throws <see cref="InvalidCastException"/> (the type does not take that kind
/// of input), <see cref="OverflowException"/> (the value is outside the type: nothing is clamped, wrapped or rounded) or
/// <see cref="FormatException"/> (text that does not parse). Messages name the value and the ClickHouse type; the caller
/// adds where the value came from (column and row, or parameter name).
/// </summary>
internal static partial class ValueConvert
{
    public static InvalidCastException NullNotAllowed()
        => new("NULL is not allowed here: the column type is not Nullable(...).");

    /// <summary>A value of a kind <paramref name="target"/> does not take; <paramref name="target"/> says what it takes.</summary>
    public static InvalidCastException Unsupported(object value, string target)
        => new($"a {value.GetType().Name} value cannot be converted to {target}.");

    public static InvalidCastException Unsupported(object value, string type, string expected)
        => Unsupported(value, $"{type} (expected {expected})");

    public static OverflowException OutOfRange(string shown, string type, string min, string max)
        => new($"{shown} is outside the range of {type} ({min} .. {max}).");

    /// <summary>The value as messages show it: invariant numbers, ISO 8601 dates and instants.</summary>
    public static string Show(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Any .NET integer, integral decimal or enum (by its number) that fits <typeparamref name="T"/>.</summary>
    public static T ToInteger<T>(object value)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (value is T same)
        {
            return same;
        }

        try
        {
            return value switch
            {
                sbyte v => T.CreateChecked(v),
                byte v => T.CreateChecked(v),
                short v => T.CreateChecked(v),
                ushort v => T.CreateChecked(v),
                int v => T.CreateChecked(v),
                uint v => T.CreateChecked(v),
                long v => T.CreateChecked(v),
                ulong v => T.CreateChecked(v),
                Int128 v => T.CreateChecked(v),
                UInt128 v => T.CreateChecked(v),
                BigInteger v => T.CreateChecked(v),
                decimal v when decimal.Truncate(v) == v => T.CreateChecked(v),
                Enum v => EnumIsUnsigned(v) ? T.CreateChecked(ToUInt64(v)) : T.CreateChecked(ToInt64(v)),
                _ => throw Unsupported(value, IntegerTypeName<T>(), "an integer"),
            };
        }
        catch (OverflowException)
        {
            throw OutOfRange(Show(value), IntegerTypeName<T>(), Show(T.MinValue), Show(T.MaxValue));
        }
    }

    /// <summary>Int256 (<paramref name="unsigned"/> false) or UInt256: any .NET integer, integral decimal or enum that fits.</summary>
    public static BigInteger ToInteger256(object value, bool unsigned)
        => ToInteger256(AsInteger(value) ?? throw Unsupported(value, unsigned ? "UInt256" : "Int256", "an integer"), unsigned);

    public static BigInteger ToInteger256(BigInteger value, bool unsigned)
    {
        var (min, max) = unsigned ? (BigInteger.Zero, UInt256Max) : (Int256Min, Int256Max);
        return value >= min && value <= max
            ? value
            : throw OutOfRange(Show(value), unsigned ? "UInt256" : "Int256", Show(min), Show(max));
    }

    /// <summary>
    /// Any .NET number: floating point is converted (saturating to infinity, as IEEE 754 does), integers, enums and
    /// decimals are rounded to the nearest value of <typeparamref name="T"/>.
    /// </summary>
    public static T ToFloat<T>(object value)
        where T : IFloatingPoint<T>
        => value switch
        {
            T same => same,
            double v => T.CreateSaturating(v),
            float v => T.CreateSaturating(v),
            Half v => T.CreateSaturating(v),
            decimal v => T.CreateSaturating(v),
            sbyte or byte or short or ushort or int or uint or long or ulong => T.CreateSaturating(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            Int128 v => T.CreateSaturating(v),
            UInt128 v => T.CreateSaturating(v),
            _ when AsInteger(value) is { } integer => integer >= Int128.MinValue && integer <= Int128.MaxValue ? T.CreateSaturating((Int128)integer)
                : integer > 0 && integer <= UInt128.MaxValue ? T.CreateSaturating((UInt128)integer)
                : T.CreateSaturating((double)integer),
            _ => throw Unsupported(value, FloatTypeName<T>(), "a number"),
        };

    /// <summary>Bool: a .NET bool, or an integer that is 0 or 1.</summary>
    public static bool ToBool(object value)
    {
        if (value is bool b)
        {
            return b;
        }

        var number = AsInteger(value) ?? throw Unsupported(value, "Bool", "a bool, 0 or 1");
        return number.IsZero || number.IsOne ? number.IsOne : throw new OverflowException($"{Show(value)} is not a Bool (expected true/false, 0 or 1).");
    }

    /// <summary>
    /// An exact decimal with at most <paramref name="scale"/> digits after the point, at its own scale (<c>1.50</c> stays
    /// <c>1.50</c>): a <see cref="decimal"/>, a <see cref="ClickHouseDecimal"/>, an integer, invariant text, or a
    /// floating-point number at the precision its type carries - 15 significant digits for a double, 7 for a float, as
    /// .NET's own conversion to <see cref="decimal"/> does - so <c>0.1</c> is 0.1 and <c>0.1 + 0.2</c> is 0.3 rather than
    /// the binary value's 0.3000000000000000444...; beyond what <see cref="decimal"/> holds whole (below 1e-13, above 7.9e28), by its shortest round-trip digits.
    /// Digits beyond the scale are refused, never rounded. Callers check the width their form needs (the storage
    /// integer for columns, <paramref name="precision"/> digits for text).
    /// </summary>
    public static ClickHouseDecimal ToDecimal(object value, int precision, int scale)
    {
        var exact = value switch
        {
            decimal d => ClickHouseDecimal.FromDecimal(d),
            ClickHouseDecimal d => d,
            string s => ClickHouseDecimal.Parse(s),
            double d when FitsSystemDecimal(d) => ClickHouseDecimal.FromDecimal((decimal)d),
            float f when FitsSystemDecimal(f) => ClickHouseDecimal.FromDecimal((decimal)f),
            Half h when FitsSystemDecimal((double)h) => ClickHouseDecimal.FromDecimal((decimal)(float)h),
            double d => FromShortestDigits(d, precision, scale),
            float f => FromShortestDigits(f, precision, scale),
            Half h => FromShortestDigits(h, precision, scale),
            _ => AsInteger(value) is { } integer
                ? new ClickHouseDecimal(integer, 0)
                : throw Unsupported(value, DecimalTypeName(precision, scale), "a number"),
        };

        return ToDecimal(exact, precision, scale);
    }

    /// <summary>The value itself when it has at most <paramref name="scale"/> digits after the point (trailing zeros aside).</summary>
    public static ClickHouseDecimal ToDecimal(ClickHouseDecimal value, int precision, int scale)
        => value.Scale <= scale || BigInteger.Remainder(value.UnscaledValue, BigInteger.Pow(10, value.Scale - scale)).IsZero
            ? value
            : throw TooManyDecimalPlaces(value.ToString(), precision, scale);

    public static string DecimalTypeName(int precision, int scale)
        => string.Create(CultureInfo.InvariantCulture, $"Decimal({precision}, {scale})");

    /// <summary>
    /// Any .NET integer, integral decimal or enum (by its number) as a <see cref="BigInteger"/>; null for anything else.
    /// For the wide and rare cases: <see cref="ToInteger{T}"/> converts without it, as a BigInteger beyond 32 bits allocates.
    /// </summary>
    private static BigInteger? AsInteger(object value) => value switch
    {
        sbyte v => v,
        byte v => v,
        short v => v,
        ushort v => v,
        int v => v,
        uint v => v,
        long v => v,
        ulong v => v,
        Int128 v => v,
        UInt128 v => v,
        BigInteger v => v,
        decimal v when decimal.Truncate(v) == v => new BigInteger(v),
        Enum v => EnumIsUnsigned(v) ? ToUInt64(v) : ToInt64(v),
        _ => null,
    };

    private static readonly BigInteger Int256Max = (BigInteger.One << 255) - 1;
    private static readonly BigInteger Int256Min = -(BigInteger.One << 255);
    private static readonly BigInteger UInt256Max = (BigInteger.One << 256) - 1;

    private static bool EnumIsUnsigned(Enum value) => Enum.GetUnderlyingType(value.GetType()) == typeof(ulong);

    private static ulong ToUInt64(Enum value) => Convert.ToUInt64(value, CultureInfo.InvariantCulture);

    private static long ToInt64(Enum value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string IntegerTypeName<T>() => typeof(T) switch
    {
        var t when t == typeof(sbyte) => "Int8",
        var t when t == typeof(byte) => "UInt8",
        var t when t == typeof(short) => "Int16",
        var t when t == typeof(ushort) => "UInt16",
        var t when t == typeof(int) => "Int32",
        var t when t == typeof(uint) => "UInt32",
        var t when t == typeof(long) => "Int64",
        var t when t == typeof(ulong) => "UInt64",
        var t => t.Name,
    };

    private static string FloatTypeName<T>() => typeof(T) == typeof(float) ? "Float32" : typeof(T) == typeof(double) ? "Float64" : typeof(T).Name;

    // System.Decimal holds 28 digits after the point and magnitudes below 7.9e28: a double's 15 significant digits fit
    // it whole from 1e-13 up; smaller or larger values take their shortest round-trip digits instead of losing any.
    private static bool FitsSystemDecimal(double value) => value == 0 || Math.Abs(value) is >= 1e-13 and < 7.9e28;

    private static OverflowException TooManyDecimalPlaces(string shown, int precision, int scale)
        => new($"{shown} has more than {scale} decimal places for {DecimalTypeName(precision, scale)}; round it first.");

    // The shortest round-trip digits of a binary floating-point value, read as an exact decimal: 0.1 is 0.1.
    private static ClickHouseDecimal FromShortestDigits<T>(T value, int precision, int scale)
        where T : IFloatingPoint<T>
    {
        if (!T.IsFinite(value))
        {
            throw new OverflowException($"{Show(value)} is not a {DecimalTypeName(precision, scale)} value: only finite numbers are.");
        }

        Span<char> text = stackalloc char[40];
        if (!value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The round-trip text of {Show(value)} does not fit {text.Length} characters.");
        }

        text = text[..length];
        var e = text.IndexOfAny('E', 'e');
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.');
        var fractionDigits = point < 0 ? 0 : mantissa.Length - point - 1;
        Span<char> digits = stackalloc char[mantissa.Length];
        var count = 0;
        foreach (var c in mantissa)
        {
            if (c != '.')
            {
                digits[count++] = c;
            }
        }

        var unscaled = BigInteger.Parse(digits[..count], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var valueScale = fractionDigits - exponent;
        if (valueScale > scale)
        {
            // The last digit of the shortest form is never a trailing zero after the point, so digits would be lost.
            throw TooManyDecimalPlaces(Show(value), precision, scale);
        }

        return valueScale >= 0
            ? new ClickHouseDecimal(unscaled, valueScale)
            : new ClickHouseDecimal(unscaled * BigInteger.Pow(10, -valueScale), 0);
    }
}
