namespace Ja4Data.Types;

/// <summary>Shared date and time conversions between ClickHouse counts and .NET values.</summary>
internal static class TimeConvert
{
    public static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static long Pow10(int exponent)
    {
        var result = 1L;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>10^-P second units to 100 ns ticks, rounding toward negative infinity so instants before 1970 stay ordered.</summary>
    public static long FromUnits(long units, int precision, long factor)
        => precision <= 7 ? checked(units * factor) : Math.DivRem(units, factor, out var rest) - (rest < 0 ? 1 : 0);

    public static long ToUnits(long ticks, int precision, long factor)
    {
        if (precision >= 7)
        {
            return checked(ticks * factor);
        }

        var units = Math.DivRem(ticks, factor, out var rest);
        return units - (rest < 0 ? 1 : 0);
    }

    /// <summary>A DateTime as UTC: Local values are converted, Unspecified ones are taken to be UTC already.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static DateTime ToInstant(object value, string type) => value switch
    {
        DateTime dt => ToUtc(dt),
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        _ => throw ValueConvert.Unsupported(value, type + " (expected DateTime, DateTimeOffset or DateOnly)"),
    };

    public static DateOnly ToDate(object value, string type) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        DateTimeOffset dto => DateOnly.FromDateTime(dto.DateTime),
        _ => throw ValueConvert.Unsupported(value, type + " (expected DateOnly, DateTime or DateTimeOffset)"),
    };
}
