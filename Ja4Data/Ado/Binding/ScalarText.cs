using System.Net;
using System.Numerics;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// The text a server parses for a scalar placeholder type, written from the value <see cref="ValueConvert"/> gives (so
/// a parameter is checked and converted exactly as a column value is). Instants travel as Unix time, which no server or
/// session time zone can reinterpret; seconds are zero-padded to ten digits because servers read a shorter digit string
/// as a broken-down date (<c>0</c> or <c>86400</c> would not parse).
/// </summary>
internal static class ScalarText
{
    /// <summary>The text for <paramref name="type"/>, or null when the family has no scalar rule of its own.</summary>
    /// <exception cref="InvalidCastException">The value is of a kind the type does not take.</exception>
    /// <exception cref="OverflowException">The value is outside the type.</exception>
    /// <exception cref="FormatException">The value is text that does not parse, or the type's arguments are malformed.</exception>
    /// <exception cref="ArgumentException">The value has no text form the server reads back as it.</exception>
    public static FormattedValue? Format(object value, TypeNode type, string parameterName) => type.Name switch
    {
        "UInt8" => Bare(ValueConvert.ToInteger<byte>(Number(value))),
        "UInt16" => Bare(ValueConvert.ToInteger<ushort>(Number(value))),
        "UInt32" => Bare(ValueConvert.ToInteger<uint>(Number(value))),
        "UInt64" => Bare(ValueConvert.ToInteger<ulong>(Number(value))),
        "UInt128" => Bare(ValueConvert.ToInteger<UInt128>(Number(value))),
        "UInt256" => Bare(ValueConvert.ToInteger256(Number(value), unsigned: true)),
        "Int8" => Bare(ValueConvert.ToInteger<sbyte>(Number(value))),
        "Int16" => Bare(ValueConvert.ToInteger<short>(Number(value))),
        "Int32" => Bare(ValueConvert.ToInteger<int>(Number(value))),
        "Int64" => Bare(ValueConvert.ToInteger<long>(Number(value))),
        "Int128" => Bare(ValueConvert.ToInteger<Int128>(Number(value))),
        "Int256" => Bare(ValueConvert.ToInteger256(Number(value), unsigned: false)),
        "Float32" or "BFloat16" => FormattedValue.Bare(Float(ValueConvert.ToFloat<float>(value))),
        "Float64" => FormattedValue.Bare(Float(ValueConvert.ToFloat<double>(value))),
        "Decimal" => FormattedValue.Bare(Decimal(Number(value), (int)type.Int64Argument(0), (int)type.Int64Argument(1))),
        "Date" => FormattedValue.QuotedText(DateText(ValueConvert.ToDate(value))),
        "Date32" => FormattedValue.QuotedText(DateText(ValueConvert.ToDate32(value))),
        "DateTime" => FormattedValue.QuotedText(ValueConvert.ToDateTime(value).ToString("D10", CultureInfo.InvariantCulture)),
        "DateTime64" => FormattedValue.QuotedText(DateTime64Text(value, new TickScale((int)type.Int64Argument(0)), parameterName)),
        "Time" => FormattedValue.QuotedText(TimeText(ValueConvert.ToTime(value), new TickScale(0))),
        "Time64" => FormattedValue.QuotedText(Time64Text(value, new TickScale((int)type.Int64Argument(0)))),
        "UUID" => FormattedValue.QuotedText(ValueConvert.ToUuid(value).ToString("D")),
        "IPv4" => FormattedValue.QuotedText(IPv4Text(ValueConvert.ToIPv4(value))),
        "IPv6" => FormattedValue.QuotedText(ValueConvert.ToIPv6(value).ToString()),
        "Enum8" => FormattedValue.QuotedText(EnumLabel<sbyte>(Number(value), type)),
        "Enum16" => FormattedValue.QuotedText(EnumLabel<short>(Number(value), type)),
        _ => null,
    };

    /// <summary>Round-trip text; <c>nan</c>, <c>inf</c> and <c>-inf</c> as ClickHouse spells them.</summary>
    public static string Float<T>(T value)
        where T : IFloatingPoint<T>
        => T.IsNaN(value) ? "nan"
            : T.IsPositiveInfinity(value) ? "inf"
            : T.IsNegativeInfinity(value) ? "-inf"
            : value.ToString("R", CultureInfo.InvariantCulture);

    // A bool stands for 1 or 0 where the placeholder holds a number, as ClickHouse itself casts Bool to numbers.
    private static object Number(object value) => value is bool b ? (b ? 1 : 0) : value;

    private static FormattedValue Bare<T>(T number)
        where T : IFormattable
        => FormattedValue.Bare(number.ToString(null, CultureInfo.InvariantCulture));

    // A bound or CAST text is parsed with the type's precision (binary columns check only the storage width):
    // at most P - S digits before the point.
    private static string Decimal(object value, int precision, int scale)
    {
        var exact = ValueConvert.ToDecimal(value, precision, scale);
        return BigInteger.Abs(exact.UnscaledAt(scale)) < BigInteger.Pow(10, precision)
            ? exact.ToString()
            : throw new OverflowException($"{exact} does not fit {ValueConvert.DecimalTypeName(precision, scale)}: it has more than {precision - scale} digits before the point.");
    }

    private static string DateText(int daysSinceEpoch)
        => DateOnly.FromDayNumber(ValueConvert.EpochDayNumber + daysSinceEpoch).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Unix time with exactly P decimals.
    private static string DateTime64Text(object value, TickScale scale, string parameterName)
    {
        var units = ValueConvert.ToDateTime64(value, scale);
        if (units < 0 && units > -scale.UnitsPerSecond)
        {
            // The integer part "-0" carries the sign, and servers drop it: -0.001 would arrive as 1970-01-01 00:00:00.001.
            throw new ArgumentException($"Parameter '{parameterName}' is {ValueConvert.Show(value)}, less than a second before 1970: servers read that Unix time as positive, so it cannot be sent.");
        }

        var magnitude = Math.Abs(units);
        var text = (units < 0 ? "-" : string.Empty) + (magnitude / scale.UnitsPerSecond).ToString("D10", CultureInfo.InvariantCulture);
        return scale.Precision == 0 ? text : text + "." + Fraction(magnitude % scale.UnitsPerSecond, scale);
    }

    private static string Time64Text(object value, TickScale scale) => TimeText(ValueConvert.ToTime64(value, scale), scale);

    // [-]h:mm:ss[.f] with P decimals, hours unbounded.
    private static string TimeText(long units, TickScale scale)
    {
        var magnitude = Int128.Abs(units);
        var seconds = (long)(magnitude / scale.UnitsPerSecond);
        var text = string.Create(CultureInfo.InvariantCulture, $"{(units < 0 ? "-" : string.Empty)}{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}");
        return scale.Precision == 0 ? text : text + "." + Fraction((long)(magnitude % scale.UnitsPerSecond), scale);
    }

    private static string Fraction(long units, TickScale scale)
        => units.ToString("D" + scale.Precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string IPv4Text(uint number)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes).ToString();
    }

    private static string EnumLabel<TRaw>(object value, TypeNode type)
        where TRaw : unmanaged, IBinaryInteger<TRaw>, IMinMaxValue<TRaw>
    {
        var elements = new EnumElements<TRaw>(type);
        elements.TryGetName(elements.ValueOf(value), out var label);
        return label;
    }
}
