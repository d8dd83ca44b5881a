namespace Ja4Data.Types.Conversion;

/// <summary>
/// Dates, instants and durations. An instant is a UTC point in time: a <see cref="DateTimeKind.Local"/> DateTime is
/// converted, an <see cref="DateTimeKind.Unspecified"/> one is taken to be UTC already, a DateTimeOffset gives its UTC
/// instant and a DateOnly its midnight UTC. A date is the calendar day the value states (a DateTime's own date, whatever
/// its Kind). Values outside the type's range are refused: servers clamp or wrap them without a word.
/// </summary>
internal static partial class ValueConvert
{
    public static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static readonly DateOnly DateMin = new(1970, 1, 1);
    private static readonly DateOnly DateMax = new(2149, 6, 6);
    private static readonly DateOnly Date32Min = new(1900, 1, 1);
    private static readonly DateOnly Date32Max = new(2299, 12, 31);
    private static readonly long DateTime64MinTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks;
    private static readonly long DateTime64MaxTicks = new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks - 1;

    // The DateTime64 range in units of each precision P: from 1900-01-01 to the last unit before 2300-01-01, or to the
    // end of the Int64 count where that comes first (P 9, in 2262).
    private static readonly long[] DateTime64Min = [.. Enumerable.Range(0, 10).Select(p => DateTime64MinTicks / TimeSpan.TicksPerSecond * new TickScale(p).UnitsPerSecond)];
    private static readonly long[] DateTime64Max = [.. Enumerable.Range(0, 10).Select(p => (long)Int128.Min(((Int128)(DateTime64MaxTicks + 1) / TimeSpan.TicksPerSecond * new TickScale(p).UnitsPerSecond) - 1, long.MaxValue))];

    /// <summary>Date: days since 1970-01-01 (1970-01-01 .. 2149-06-06).</summary>
    public static ushort ToDate(object value) => ToDate(ToDateOnly(value, "Date"));

    public static ushort ToDate(DateOnly value)
        => value >= DateMin && value <= DateMax
            ? (ushort)(value.DayNumber - EpochDayNumber)
            : throw OutOfRange(Show(value), "Date", Show(DateMin), Show(DateMax));

    /// <summary>Date32: signed days since 1970-01-01 (1900-01-01 .. 2299-12-31).</summary>
    public static int ToDate32(object value) => ToDate32(ToDateOnly(value, "Date32"));

    public static int ToDate32(DateOnly value)
        => value >= Date32Min && value <= Date32Max
            ? value.DayNumber - EpochDayNumber
            : throw OutOfRange(Show(value), "Date32", Show(Date32Min), Show(Date32Max));

    /// <summary>DateTime: whole Unix seconds, a sub-second part dropped toward the past (1970-01-01 .. 2106-02-07 06:28:15 UTC).</summary>
    public static uint ToDateTime(object value) => UnixSeconds(UnixTicks(value, "DateTime")) ?? throw DateTimeOutOfRange(value);

    public static uint ToDateTime(DateTime value) => UnixSeconds(UnixTicks(value)) ?? throw DateTimeOutOfRange(value);

    /// <summary>
    /// DateTime64(P): 10^-P second units since the epoch, a finer part dropped toward the past (1900-01-01 .. 2299-12-31
    /// 23:59:59.99999999 UTC; at P 9 the Int64 count ends at 2262-04-11 23:47:16.854775807).
    /// </summary>
    public static long ToDateTime64(object value, TickScale scale)
        => value is ClickHouseDateTime64 exact ? ToDateTime64(exact, scale) : DateTime64Units(UnixTicks(value, "DateTime64"), scale) ?? throw DateTime64OutOfRange(value, scale);

    public static long ToDateTime64(DateTime value, TickScale scale) => DateTime64Units(UnixTicks(value), scale) ?? throw DateTime64OutOfRange(value, scale);

    public static long ToDateTime64(ClickHouseDateTime64 value, TickScale scale)
        => value.TryUnitsAt(scale.Precision, out var units) && units >= DateTime64Min[scale.Precision] && units <= DateTime64Max[scale.Precision]
            ? units
            : throw DateTime64OutOfRange(value, scale);

    /// <summary>
    /// A DateTime64 value read as the coarser .NET type a caller asks for (GetDateTime, a DateTime member of a record):
    /// <see cref="DateTime"/> (UTC) or <see cref="DateTimeOffset"/>, truncated toward the past to 100 ns; false for any
    /// other <typeparamref name="T"/>. No boxing for the non-nullable types.
    /// </summary>
    public static bool TryReadAs<T>(ClickHouseDateTime64 value, out T result)
    {
        // Unsafe.As where T is known to be that very type: a cast through object would box until the JIT optimises it.
        if (typeof(T) == typeof(DateTime) || typeof(T) == typeof(DateTime?))
        {
            var instant = value.ToDateTime();
            DateTime? nullable = instant;
            result = typeof(T) == typeof(DateTime) ? Unsafe.As<DateTime, T>(ref instant) : Unsafe.As<DateTime?, T>(ref nullable);
            return true;
        }

        if (typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(DateTimeOffset?))
        {
            var instant = value.ToDateTimeOffset();
            DateTimeOffset? nullable = instant;
            result = typeof(T) == typeof(DateTimeOffset) ? Unsafe.As<DateTimeOffset, T>(ref instant) : Unsafe.As<DateTimeOffset?, T>(ref nullable);
            return true;
        }

        result = default!;
        return false;
    }

    /// <summary>Time: signed whole seconds, from a TimeSpan (sub-second part dropped toward negative) or an integer count.</summary>
    public static int ToTime(object value) => value is TimeSpan span ? ToTime(span) : ToIntegerCount<int>(value, "Time");

    public static int ToTime(TimeSpan value)
    {
        var seconds = TickScale.FloorDivide(value.Ticks, TimeSpan.TicksPerSecond);
        return seconds is >= int.MinValue and <= int.MaxValue
            ? (int)seconds
            : throw OutOfRange(Show(value), "Time", Show(TimeSpan.FromSeconds(int.MinValue)), Show(TimeSpan.FromSeconds(int.MaxValue)));
    }

    /// <summary>Time64(P): signed 10^-P second units, from a TimeSpan or an integer count of units.</summary>
    public static long ToTime64(object value, TickScale scale) => value is TimeSpan span ? ToTime64(span, scale) : ToIntegerCount<long>(value, "Time64");

    public static long ToTime64(TimeSpan value, TickScale scale)
    {
        try
        {
            return scale.ToUnits(value.Ticks);
        }
        catch (OverflowException)
        {
            throw new OverflowException($"{Show(value)} does not fit Time64({scale.Precision}): its count of 10^-{scale.Precision} seconds exceeds 64 bits.");
        }
    }

    private static DateOnly ToDateOnly(object value, string type) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        DateTimeOffset dto => DateOnly.FromDateTime(dto.DateTime),
        ClickHouseDateTime64 exact => DateOnly.FromDateTime(exact.ToDateTime()),
        _ => throw Unsupported(value, type, "DateOnly, DateTime or DateTimeOffset"),
    };

    // Ticks since 1970-01-01 UTC.
    private static long UnixTicks(object value, string type) => value switch
    {
        DateTime dt => UnixTicks(dt),
        DateTimeOffset dto => dto.UtcTicks - DateTime.UnixEpoch.Ticks,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue).Ticks - DateTime.UnixEpoch.Ticks,
        ClickHouseDateTime64 exact => exact.ToDateTime().Ticks - DateTime.UnixEpoch.Ticks,
        _ => throw Unsupported(value, type, "DateTime, DateTimeOffset, DateOnly or ClickHouseDateTime64"),
    };

    /// <summary>Ticks since 1970-01-01 UTC: Local converted, Unspecified taken as UTC.</summary>
    public static long UnixTicks(DateTime value) => (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks - DateTime.UnixEpoch.Ticks;

    // Whole seconds toward the past; null outside the UInt32 range. (The failing value is boxed for its message only.)
    private static uint? UnixSeconds(long unixTicks)
    {
        var seconds = TickScale.FloorDivide(unixTicks, TimeSpan.TicksPerSecond);
        return seconds is >= 0 and <= uint.MaxValue ? (uint)seconds : null;
    }

    // Null outside the range. At P 9 the Int64 count ends before the ticks' range does.
    private static long? DateTime64Units(long unixTicks, TickScale scale)
        => unixTicks >= DateTime64MinTicks && unixTicks <= DateTime64MaxTicks && (scale.Precision < 9 || unixTicks <= DateTime64Max[9] / 100)
            ? scale.ToUnits(unixTicks)
            : null;

    /// <summary>
    /// The read-side error for a raw value the server sent that <paramref name="clrType"/> cannot hold; generic so that
    /// the value is formatted only when the error is raised.
    /// </summary>
    public static UnrepresentableValueException Unrepresentable<TRaw>(TRaw raw, string unit, string type, string clrType, string range)
        where TRaw : IFormattable
        => new(string.Create(CultureInfo.InvariantCulture, $"The server sent the {type} value {raw} ({unit}), which {clrType} cannot hold ({range})."));

    private static OverflowException DateTimeOutOfRange(object value)
        => OutOfRange(Show(value), "DateTime", "1970-01-01 00:00:00", "2106-02-07 06:28:15 UTC");

    private static OverflowException DateTime64OutOfRange(object value, TickScale scale)
        => OutOfRange(
            Show(value),
            string.Create(CultureInfo.InvariantCulture, $"DateTime64({scale.Precision})"),
            new ClickHouseDateTime64(DateTime64Min[scale.Precision], scale.Precision).ToString(),
            new ClickHouseDateTime64(DateTime64Max[scale.Precision], scale.Precision) + " UTC");

    private static T ToIntegerCount<T>(object value, string type)
        where T : System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
        => AsInteger(value) is null ? throw Unsupported(value, type, "a TimeSpan or an integer count") : ToInteger<T>(value);
}
