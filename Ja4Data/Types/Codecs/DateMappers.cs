using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Codecs;

/// <summary>Date: UInt16 days since 1970-01-01.</summary>
internal readonly struct DateMapper : IValueMapper<ushort, DateOnly>
{
    public DateOnly Map(ushort raw) => DateOnly.FromDayNumber(ValueConvert.EpochDayNumber + raw);

    public ushort Unmap(DateOnly value) => ValueConvert.ToDate(value);

    public ushort FromObject(object value) => ValueConvert.ToDate(value);
}

/// <summary>Date32: Int32 days since 1970-01-01, signed.</summary>
internal readonly struct Date32Mapper : IValueMapper<int, DateOnly>
{
    public DateOnly Map(int raw)
    {
        var day = ValueConvert.EpochDayNumber + (long)raw;
        return (ulong)day <= (ulong)DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)day)
            : throw ValueConvert.Unrepresentable(raw, "days since 1970-01-01", "Date32", "DateOnly", "years 1 to 9999");
    }

    public int Unmap(DateOnly value) => ValueConvert.ToDate32(value);

    public int FromObject(object value) => ValueConvert.ToDate32(value);
}

/// <summary>DateTime(tz): UInt32 Unix seconds, read as a UTC instant whatever the column's time zone.</summary>
internal readonly struct DateTimeMapper : IValueMapper<uint, DateTime>
{
    public DateTime Map(uint raw) => new(DateTime.UnixEpoch.Ticks + (raw * TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public uint Unmap(DateTime value) => ValueConvert.ToDateTime(value);

    public uint FromObject(object value) => ValueConvert.ToDateTime(value);
}

/// <summary>DateTime64(P, tz) with P 0 to 7: Int64 count of 10^-P seconds since the epoch, exact in .NET's 100 ns ticks.</summary>
internal readonly struct DateTime64Mapper(int precision) : IValueMapper<long, DateTime>
{
    private readonly TickScale _scale = new(precision);

    public DateTime Map(long raw)
        => _scale.TryToTicks(raw, out var ticks) && ticks >= -DateTime.UnixEpoch.Ticks && ticks <= DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks
            ? new(DateTime.UnixEpoch.Ticks + ticks, DateTimeKind.Utc)
            : throw ValueConvert.Unrepresentable(raw, $"units of 10^-{_scale.Precision} s since 1970-01-01", $"DateTime64({_scale.Precision})", "DateTime", "years 1 to 9999");

    public long Unmap(DateTime value) => ValueConvert.ToDateTime64(value, _scale);

    public long FromObject(object value) => ValueConvert.ToDateTime64(value, _scale);
}

/// <summary>DateTime64(P, tz) with P 8 or 9: the exact count as <see cref="ClickHouseDateTime64"/> (100 ns ticks would drop digits).</summary>
internal readonly struct ExactDateTime64Mapper(int precision) : IValueMapper<long, ClickHouseDateTime64>
{
    private readonly TickScale _scale = new(precision);

    public ClickHouseDateTime64 Map(long raw) => new(raw, _scale.Precision);

    public long Unmap(ClickHouseDateTime64 value) => ValueConvert.ToDateTime64(value, _scale);

    public long FromObject(object value) => ValueConvert.ToDateTime64(value, _scale);
}

/// <summary>Time: Int32 signed seconds, as a <see cref="TimeSpan"/>.</summary>
internal readonly struct TimeMapper : IValueMapper<int, TimeSpan>
{
    public TimeSpan Map(int raw) => TimeSpan.FromSeconds(raw);

    public int Unmap(TimeSpan value) => ValueConvert.ToTime(value);

    public int FromObject(object value) => ValueConvert.ToTime(value);
}

/// <summary>Time64(P): Int64 signed count of 10^-P seconds, as a <see cref="TimeSpan"/> (100 ns resolution).</summary>
internal readonly struct Time64Mapper(int precision) : IValueMapper<long, TimeSpan>
{
    private readonly TickScale _scale = new(precision);

    public TimeSpan Map(long raw)
        => _scale.TryToTicks(raw, out var ticks)
            ? new(ticks)
            : throw ValueConvert.Unrepresentable(raw, $"units of 10^-{_scale.Precision} s", $"Time64({_scale.Precision})", "TimeSpan", "about ±29,000 years");

    public long Unmap(TimeSpan value) => ValueConvert.ToTime64(value, _scale);

    public long FromObject(object value) => ValueConvert.ToTime64(value, _scale);
}
