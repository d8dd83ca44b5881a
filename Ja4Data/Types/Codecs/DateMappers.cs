using Ja4Data.Types.Columns;

namespace Ja4Data.Types.Codecs;

/// <summary>Date: UInt16 days since 1970-01-01.</summary>
internal readonly struct DateMapper : IValueMapper<ushort, DateOnly>
{
    public DateOnly Map(ushort raw) => DateOnly.FromDayNumber(TimeConvert.EpochDayNumber + raw);

    public ushort Unmap(DateOnly value)
    {
        var days = value.DayNumber - TimeConvert.EpochDayNumber;
        return days is >= 0 and <= ushort.MaxValue
            ? (ushort)days
            : throw new OverflowException($"{value:yyyy-MM-dd} is outside the Date range 1970-01-01 .. 2149-06-06.");
    }

    public ushort FromObject(object value) => Unmap(TimeConvert.ToDate(value, "Date"));
}

/// <summary>Date32: Int32 days since 1970-01-01, signed.</summary>
internal readonly struct Date32Mapper : IValueMapper<int, DateOnly>
{
    public DateOnly Map(int raw) => DateOnly.FromDayNumber(TimeConvert.EpochDayNumber + raw);

    public int Unmap(DateOnly value) => value.DayNumber - TimeConvert.EpochDayNumber;

    public int FromObject(object value) => Unmap(TimeConvert.ToDate(value, "Date32"));
}

/// <summary>DateTime(tz): UInt32 Unix seconds, read as a UTC instant whatever the column's time zone.</summary>
internal readonly struct DateTimeMapper : IValueMapper<uint, DateTime>
{
    public DateTime Map(uint raw) => new(DateTime.UnixEpoch.Ticks + (raw * TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public uint Unmap(DateTime value)
    {
        var seconds = Math.DivRem(TimeConvert.ToUtc(value).Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerSecond, out var rest);
        seconds -= rest < 0 ? 1 : 0;
        return seconds is >= 0 and <= uint.MaxValue
            ? (uint)seconds
            : throw new OverflowException($"{value:O} is outside the DateTime range 1970-01-01 .. 2106-02-07.");
    }

    public uint FromObject(object value) => Unmap(TimeConvert.ToInstant(value, "DateTime"));
}

/// <summary>DateTime64(P, tz): Int64 count of 10^-P seconds since the epoch; .NET keeps 100 ns, so P 8 and 9 are truncated on read.</summary>
internal readonly struct DateTime64Mapper(int precision) : IValueMapper<long, DateTime>
{
    private readonly long _factor = TimeConvert.Pow10(Math.Abs(7 - precision));

    public DateTime Map(long raw) => new(DateTime.UnixEpoch.Ticks + TimeConvert.FromUnits(raw, precision, _factor), DateTimeKind.Utc);

    public long Unmap(DateTime value) => TimeConvert.ToUnits(TimeConvert.ToUtc(value).Ticks - DateTime.UnixEpoch.Ticks, precision, _factor);

    public long FromObject(object value) => Unmap(TimeConvert.ToInstant(value, "DateTime64"));
}

/// <summary>Time: Int32 signed seconds, as a <see cref="TimeSpan"/>.</summary>
internal readonly struct TimeMapper : IValueMapper<int, TimeSpan>
{
    public TimeSpan Map(int raw) => TimeSpan.FromSeconds(raw);

    public int Unmap(TimeSpan value) => checked((int)Math.Floor(value.TotalSeconds));

    public int FromObject(object value) => value is TimeSpan span ? Unmap(span) : ValueConvert.ToInteger<int>(value);
}

/// <summary>Time64(P): Int64 signed count of 10^-P seconds, as a <see cref="TimeSpan"/> (100 ns resolution).</summary>
internal readonly struct Time64Mapper(int precision) : IValueMapper<long, TimeSpan>
{
    private readonly long _factor = TimeConvert.Pow10(Math.Abs(7 - precision));

    public TimeSpan Map(long raw) => new(TimeConvert.FromUnits(raw, precision, _factor));

    public long Unmap(TimeSpan value) => TimeConvert.ToUnits(value.Ticks, precision, _factor);

    public long FromObject(object value) => value is TimeSpan span ? Unmap(span) : ValueConvert.ToInteger<long>(value);
}
