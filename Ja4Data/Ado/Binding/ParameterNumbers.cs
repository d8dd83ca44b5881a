using System.Globalization;
using System.Numerics;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// Text for numeric placeholders, checked against the type first: servers wrap an out-of-range integer
/// (<c>256</c> as UInt8 is 0) and cut excess decimal places without a word, so those values are refused here.
/// </summary>
internal static class ParameterNumbers
{
    /// <summary>True for UInt8 … UInt256 and Int8 … Int256.</summary>
    public static bool IsIntegerFamily(string family) => Bits(family) > 0;

    /// <summary>An integral value (any .NET integer, an integral decimal, an enum or a bool) in the family's range.</summary>
    public static string Integer(object value, string family, string parameterName)
    {
        var number = ToBigInteger(value) ?? throw Unsupported(value, family, parameterName, "an integer");
        var bits = Bits(family);
        var signed = family.StartsWith("Int", StringComparison.Ordinal);
        var min = signed ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
        var max = (BigInteger.One << (signed ? bits - 1 : bits)) - 1;
        return number >= min && number <= max
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentException($"Parameter '{parameterName}' is {number}, outside the range of {family} ({min} .. {max}).");
    }

    /// <summary>A number with at most <paramref name="scale"/> decimal places and <paramref name="precision"/> digits.</summary>
    public static string Decimal(object value, int precision, int scale, string parameterName)
    {
        var type = $"Decimal({precision}, {scale})";
        var text = value switch
        {
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            ClickHouseDecimal exact => exact.ToString(),
            double or float or Half => FloatAsDecimal(Convert.ToDouble(value, CultureInfo.InvariantCulture), type, parameterName),
            _ => ToBigInteger(value) is { } integer ? integer.ToString(CultureInfo.InvariantCulture) : throw Unsupported(value, type, parameterName, "a number"),
        };

        var digits = text.TrimStart('-');
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = (point < 0 ? digits : digits[..point]).TrimStart('0').Length;
        var fractionDigits = point < 0 ? 0 : digits[(point + 1)..].TrimEnd('0').Length;
        if (fractionDigits > scale)
        {
            throw new ArgumentException($"Parameter '{parameterName}' is {text}, which has more than {scale} decimal places for {type}; round it first.");
        }

        return integerDigits <= precision - scale
            ? text
            : throw new ArgumentException($"Parameter '{parameterName}' is {text}, which does not fit {type}.");
    }

    /// <summary>Round-trip text; <c>nan</c>, <c>inf</c> and <c>-inf</c> as ClickHouse spells them.</summary>
    public static string Float(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The value as a double when it is a .NET number (floats are widened exactly).</summary>
    public static double? ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        Half h => (double)h,
        decimal m => (double)m,
        _ => ToBigInteger(value) is { } integer && value is not bool ? (double)integer : null,
    };

    /// <summary>Any .NET integer, integral decimal, enum (its underlying value) or bool (1/0); null for anything else.</summary>
    public static BigInteger? ToBigInteger(object value) => value switch
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
        bool v => v ? BigInteger.One : BigInteger.Zero,
        Enum v => Enum.GetUnderlyingType(v.GetType()) == typeof(ulong)
            ? Convert.ToUInt64(v, CultureInfo.InvariantCulture)
            : Convert.ToInt64(v, CultureInfo.InvariantCulture),
        _ => null,
    };

    public static ArgumentException Unsupported(object value, string type, string parameterName, string expected)
        => new($"Parameter '{parameterName}' has a value of type {value.GetType().Name}, which cannot be sent as {type} (expected {expected}).");

    private static string FloatAsDecimal(double value, string type, string parameterName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Parameter '{parameterName}' is {Float(value)}, which is not a {type} value.");
        }

        // The shortest round-trip digits (0.1 stays 0.1), written out without an exponent.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = text[..e];
        var sign = mantissa.StartsWith('-') ? "-" : string.Empty;
        mantissa = mantissa.TrimStart('-');
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var integerLength = (point < 0 ? mantissa.Length : point) + exponent;
        return sign + (integerLength <= 0
            ? "0." + new string('0', -integerLength) + digits
            : integerLength >= digits.Length
                ? digits + new string('0', integerLength - digits.Length)
                : digits[..integerLength] + "." + digits[integerLength..]);
    }

    private static int Bits(string family) => family switch
    {
        "UInt8" or "Int8" => 8,
        "UInt16" or "Int16" => 16,
        "UInt32" or "Int32" => 32,
        "UInt64" or "Int64" => 64,
        "UInt128" or "Int128" => 128,
        "UInt256" or "Int256" => 256,
        _ => 0,
    };
}
