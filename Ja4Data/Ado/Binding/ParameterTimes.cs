using System.Globalization;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// Text for date and time placeholders. Instants travel as Unix time, which no server or session time zone can
/// reinterpret: <see cref="DateTimeKind.Local"/> is converted, <see cref="DateTimeKind.Unspecified"/> is taken to be
/// UTC already (as inserts do). Seconds are zero-padded to ten digits because servers read a shorter digit string as a
/// broken-down date (<c>0</c> or <c>86400</c> would not parse). Values outside the type's range are refused: servers
/// clamp them without a word.
/// </summary>
internal static class ParameterTimes
{
    private static readonly DateOnly DateMin = new(1970, 1, 1);
    private static readonly DateOnly DateMax = new(2149, 6, 6);
    private static readonly DateOnly Date32Min = new(1900, 1, 1);
    private static readonly DateOnly Date32Max = new(2299, 12, 31);
    private static readonly DateTime DateTime64Min = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime DateTime64Max = new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);

    /// <summary>True when <paramref name="value"/> is a .NET date or time value.</summary>
    public static bool IsTemporal(object value) => value is DateTime or DateTimeOffset or DateOnly or TimeSpan;

    /// <summary><c>yyyy-MM-dd</c>: the calendar date as the value states it (a DateTime's own date, whatever its Kind).</summary>
    public static string DateText(object value, string family, string parameterName)
    {
        var date = value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            DateTimeOffset dto => DateOnly.FromDateTime(dto.DateTime),
            _ => throw ParameterNumbers.Unsupported(value, family, parameterName, "DateOnly, DateTime or DateTimeOffset"),
        };

        var (min, max) = family == "Date32" ? (Date32Min, Date32Max) : (DateMin, DateMax);
        return date >= min && date <= max
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw OutOfRange(parameterName, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), family, min.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), max.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>Whole Unix seconds (sub-second parts dropped toward the past, as inserts do), ten digits at least.</summary>
    public static string DateTimeText(object value, string parameterName)
    {
        var ticks = UnixTicks(value, "DateTime", parameterName);
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest) - (rest < 0 ? 1 : 0);
        return seconds is >= 0 and <= uint.MaxValue
            ? seconds.ToString("D10", CultureInfo.InvariantCulture)
            : throw OutOfRange(parameterName, Describe(value), "DateTime", "1970-01-01 00:00:00", "2106-02-07 06:28:15 UTC");
    }

    /// <summary>Unix time with exactly <paramref name="precision"/> decimals, truncated toward the past as inserts do.</summary>
    public static string DateTime64Text(object value, int precision, string parameterName)
    {
        var ticks = UnixTicks(value, "DateTime64", parameterName);
        if (ticks < DateTime64Min.Ticks - DateTime.UnixEpoch.Ticks || ticks > DateTime64Max.Ticks - DateTime.UnixEpoch.Ticks)
        {
            throw OutOfRange(parameterName, Describe(value), "DateTime64", "1900-01-01 00:00:00", "2299-12-31 23:59:59.99999999 UTC");
        }

        var units = ToUnits(ticks, precision);
        var scale = Int128.CreateChecked(BigPow10(precision));
        if (units < 0 && units > -scale)
        {
            // The integer part "-0" carries the sign, and servers drop it: -0.001 would arrive as 1970-01-01 00:00:00.001.
            throw new ArgumentException($"Parameter '{parameterName}' is {Describe(value)}, less than a second before 1970: servers read that Unix time as positive, so it cannot be sent.");
        }

        var magnitude = Int128.Abs(units);
        var text = (units < 0 ? "-" : string.Empty) + (magnitude / scale).ToString("D10", CultureInfo.InvariantCulture);
        return precision == 0 ? text : text + "." + (magnitude % scale).ToString("D" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary><c>[-]h:mm:ss[.f]</c> with <paramref name="precision"/> decimals (Time has none), hours unbounded.</summary>
    public static string TimeText(object value, int precision, string family, string parameterName)
    {
        var span = value as TimeSpan? ?? throw ParameterNumbers.Unsupported(value, family, parameterName, "TimeSpan");
        var units = ToUnits(span.Ticks, precision);
        var negative = units < 0;
        var scale = Int128.CreateChecked(BigPow10(precision));
        var magnitude = Int128.Abs(units);
        var seconds = (long)(magnitude / scale);
        var text = string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : string.Empty)}{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}");
        return precision == 0 ? text : text + "." + (magnitude % scale).ToString("D" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    // Ticks since 1970-01-01 UTC.
    private static long UnixTicks(object value, string family, string parameterName)
    {
        var utcTicks = value switch
        {
            DateTime dt => (dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt).Ticks,
            DateTimeOffset dto => dto.UtcTicks,
            DateOnly d => d.ToDateTime(TimeOnly.MinValue).Ticks,
            _ => throw ParameterNumbers.Unsupported(value, family, parameterName, "DateTime, DateTimeOffset or DateOnly"),
        };

        return utcTicks - DateTime.UnixEpoch.Ticks;
    }

    // 100 ns ticks to 10^-precision units, rounding toward negative infinity so instants before 1970 stay ordered.
    private static Int128 ToUnits(long ticks, int precision)
    {
        if (precision >= 7)
        {
            return (Int128)ticks * Int128.CreateChecked(BigPow10(precision - 7));
        }

        var factor = (long)BigPow10(7 - precision);
        return Math.DivRem(ticks, factor, out var rest) - (rest < 0 ? 1 : 0);
    }

    private static System.Numerics.BigInteger BigPow10(int exponent) => System.Numerics.BigInteger.Pow(10, exponent);

    private static string Describe(object value) => value switch
    {
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static ArgumentException OutOfRange(string parameterName, string value, string family, string min, string max)
        => new($"Parameter '{parameterName}' is {value}, outside the {family} range {min} .. {max}.");
}
