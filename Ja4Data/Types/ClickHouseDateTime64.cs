using System.Diagnostics.CodeAnalysis;
using Ja4Data.Types.Conversion;

namespace Ja4Data;

/// <summary>
/// An exact ClickHouse <c>DateTime64(P)</c> instant: <see cref="Units"/> counts 10^-<see cref="Precision"/> seconds since
/// 1970-01-01 00:00:00 UTC (negative before). Columns with P ≤ 7 read as <see cref="DateTime"/>, whose 100 ns ticks hold
/// them exactly; P 8 and 9 read as this type, as <see cref="DateTime"/> would drop digits. Writes to any DateTime64
/// column (and parameters) accept it, exactly at the column's precision or above; a column with fewer digits truncates it
/// toward the past, as it does a <see cref="DateTime"/>. Like <see cref="DateTime"/> values read from DateTime64, it is
/// the instant whatever the column's time zone; its text is UTC.
/// </summary>
public readonly struct ClickHouseDateTime64 : IEquatable<ClickHouseDateTime64>, IComparable<ClickHouseDateTime64>, ISpanFormattable, ISpanParsable<ClickHouseDateTime64>
{
    private const int MaxPrecision = 9;
    private const long NanosecondsPerTick = 100;
    private const long SecondsPerDay = 86_400;

    /// <summary>Creates the instant <paramref name="units"/> × 10^-<paramref name="precision"/> seconds after 1970-01-01 00:00:00 UTC.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not 0 to 9.</exception>
    public ClickHouseDateTime64(long units, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(precision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        Units = units;
        Precision = precision;
    }

    /// <summary>The count of 10^-<see cref="Precision"/> seconds since 1970-01-01 00:00:00 UTC: the number the server stores.</summary>
    public long Units { get; }

    /// <summary>P: the number of decimal places of a second, 0 to 9.</summary>
    public int Precision { get; }

    /// <summary>Converts a <see cref="DateTime"/> exactly, at precision 7; see <see cref="FromDateTime"/>.</summary>
    public static implicit operator ClickHouseDateTime64(DateTime value) => FromDateTime(value);

    /// <summary>Converts to <see cref="DateTime"/>; see <see cref="ToDateTime"/>.</summary>
    public static explicit operator DateTime(ClickHouseDateTime64 value) => value.ToDateTime();

    /// <summary>Converts to <see cref="DateTimeOffset"/>; see <see cref="ToDateTimeOffset"/>.</summary>
    public static explicit operator DateTimeOffset(ClickHouseDateTime64 value) => value.ToDateTimeOffset();

    /// <summary>Compares the instants (<c>1</c> at precision 3 equals <c>1000</c> at precision 6).</summary>
    public static bool operator ==(ClickHouseDateTime64 left, ClickHouseDateTime64 right) => left.Equals(right);

    /// <summary>Compares the instants.</summary>
    public static bool operator !=(ClickHouseDateTime64 left, ClickHouseDateTime64 right) => !left.Equals(right);

    /// <summary>Compares the instants.</summary>
    public static bool operator <(ClickHouseDateTime64 left, ClickHouseDateTime64 right) => left.CompareTo(right) < 0;

    /// <summary>Compares the instants.</summary>
    public static bool operator >(ClickHouseDateTime64 left, ClickHouseDateTime64 right) => left.CompareTo(right) > 0;

    /// <summary>Compares the instants.</summary>
    public static bool operator <=(ClickHouseDateTime64 left, ClickHouseDateTime64 right) => left.CompareTo(right) <= 0;

    /// <summary>Compares the instants.</summary>
    public static bool operator >=(ClickHouseDateTime64 left, ClickHouseDateTime64 right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// The instant of a <see cref="DateTime"/>, exactly, at precision 7 (its 100 ns ticks): a Local value is converted to
    /// UTC, an Unspecified one is taken as UTC, as column writes do.
    /// </summary>
    public static ClickHouseDateTime64 FromDateTime(DateTime value) => new(ValueConvert.UnixTicks(value), 7);

    /// <summary>The instant of a <see cref="DateTimeOffset"/>, exactly, at precision 7.</summary>
    public static ClickHouseDateTime64 FromDateTimeOffset(DateTimeOffset value) => new(value.UtcTicks - DateTime.UnixEpoch.Ticks, 7);

    /// <summary>
    /// Parses ClickHouse's text of a UTC instant, <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of 1 to 9 digits
    /// (<c>1960-01-01 00:00:00.123456789</c>); the precision is the number of fraction digits.
    /// </summary>
    /// <exception cref="FormatException">The text is not in that form.</exception>
    /// <exception cref="OverflowException">The instant's count of units does not fit 64 bits (after 2262 at precision 9).</exception>
    public static ClickHouseDateTime64 Parse(string text) => Parse(text, provider: null);

    /// <inheritdoc cref="Parse(string)"/>
    public static ClickHouseDateTime64 Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static ClickHouseDateTime64 Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Read(s, out var value) switch
    {
        ParseResult.Parsed => value,
        ParseResult.Overflow => throw new OverflowException($"'{s}' is beyond the DateTime64 instants a 64-bit count can hold at its precision."),
        _ => throw new FormatException($"'{s}' is not a DateTime64 text (expected yyyy-MM-dd HH:mm:ss with an optional fraction of 1 to 9 digits)."),
    };

    /// <summary>Parses as <see cref="Parse(string)"/> does; false instead of an exception.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ClickHouseDateTime64 result)
        => TryParse(s.AsSpan(), provider, out result);

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out ClickHouseDateTime64)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ClickHouseDateTime64 result)
        => Read(s, out result) == ParseResult.Parsed;

    /// <summary>The UTC <see cref="DateTime"/>, truncated toward the past to 100 ns when the precision is above 7.</summary>
    /// <exception cref="OverflowException">The instant is outside <see cref="DateTime"/>'s range (years 1 to 9999).</exception>
    public DateTime ToDateTime() => new(ToTicks(), DateTimeKind.Utc);

    /// <summary>The instant as a <see cref="DateTimeOffset"/> at offset zero, truncated toward the past to 100 ns.</summary>
    /// <exception cref="OverflowException">The instant is outside <see cref="DateTime"/>'s range (years 1 to 9999).</exception>
    public DateTimeOffset ToDateTimeOffset() => new(ToTicks(), TimeSpan.Zero);

    /// <summary>ClickHouse's text of the instant in UTC with exactly <see cref="Precision"/> fraction digits: <c>1969-12-31 23:59:59.999999999</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{this}");

    /// <summary>As <see cref="ToString()"/>; the only format is the default (null or empty).</summary>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        RequireDefaultFormat(format);
        return ToString();
    }

    /// <summary>Writes the text of <see cref="ToString()"/>; the only format is the default (empty).</summary>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        RequireDefaultFormat(format);
        var seconds = Math.DivRem(Units, UnitsPerSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += UnitsPerSecond;
        }

        var days = TickScale.FloorDivide(seconds, SecondsPerDay);
        var dayNumber = days + ValueConvert.EpochDayNumber;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            // Beyond year 9999 or before year 1 (no DateTime64 column holds such instants): the exact count instead.
            return destination.TryWrite(CultureInfo.InvariantCulture, $"{Units}e-{Precision}", out charsWritten);
        }

        var date = DateOnly.FromDayNumber((int)dayNumber);
        var time = new TimeOnly((seconds - (days * SecondsPerDay)) * TimeSpan.TicksPerSecond);
        if (!destination.TryWrite(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} {time:HH:mm:ss}", out charsWritten))
        {
            return false;
        }

        if (Precision == 0)
        {
            return true;
        }

        if (destination.Length < charsWritten + 1 + Precision)
        {
            charsWritten = 0;
            return false;
        }

        destination[charsWritten] = '.';
        fraction.TryFormat(destination.Slice(charsWritten + 1, Precision), out _, FractionFormats[Precision], CultureInfo.InvariantCulture);
        charsWritten += 1 + Precision;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(ClickHouseDateTime64 other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClickHouseDateTime64 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Nanoseconds.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(ClickHouseDateTime64 other)
        => Precision == other.Precision ? Units.CompareTo(other.Units) : Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Nanoseconds since the epoch: the instant at the finest precision, for comparing across precisions.</summary>
    internal Int128 Nanoseconds => (Int128)Units * Pow10[MaxPrecision - Precision];

    private long UnitsPerSecond => Pow10[Precision];

    /// <summary>
    /// The count at <paramref name="precision"/>: exact with as many digits or more, truncated toward the past with fewer;
    /// false when it does not fit 64 bits.
    /// </summary>
    internal bool TryUnitsAt(int precision, out long units)
    {
        if (precision >= Precision)
        {
            var scaled = (Int128)Units * Pow10[precision - Precision];
            units = (long)scaled;
            return scaled == units;
        }

        units = TickScale.FloorDivide(Units, Pow10[Precision - precision]);
        return true;
    }

    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
    private static readonly string[] FractionFormats = ["D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9"];

    private enum ParseResult
    {
        Malformed,
        Overflow,
        Parsed,
    }

    private long ToTicks()
    {
        var unixTicks = TickScale.FloorDivide(Nanoseconds, NanosecondsPerTick);
        var ticks = unixTicks + DateTime.UnixEpoch.Ticks;
        return ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            ? (long)ticks
            : throw new OverflowException($"{this} is outside the range of System.DateTime (years 1 to 9999).");
    }

    private static ParseResult Read(ReadOnlySpan<char> text, out ClickHouseDateTime64 result)
    {
        result = default;
        const int wholeLength = 19; // yyyy-MM-dd HH:mm:ss
        if (text.Length < wholeLength
            || !DateTime.TryParseExact(text[..wholeLength], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var whole))
        {
            return ParseResult.Malformed;
        }

        var fraction = text[wholeLength..];
        var precision = 0;
        long fractionUnits = 0;
        if (!fraction.IsEmpty)
        {
            precision = fraction.Length - 1;
            if (fraction[0] != '.' || precision is < 1 or > MaxPrecision
                || !long.TryParse(fraction[1..], NumberStyles.None, CultureInfo.InvariantCulture, out fractionUnits))
            {
                return ParseResult.Malformed;
            }
        }

        var units = ((Int128)(whole.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond * Pow10[precision]) + fractionUnits;
        if (units < long.MinValue || units > long.MaxValue)
        {
            return ParseResult.Overflow;
        }

        result = new ClickHouseDateTime64((long)units, precision);
        return ParseResult.Parsed;
    }

    private static void RequireDefaultFormat(ReadOnlySpan<char> format)
    {
        if (!format.IsEmpty)
        {
            throw new FormatException($"ClickHouseDateTime64 has one text form (yyyy-MM-dd HH:mm:ss with Precision fraction digits); the format '{format}' is not supported.");
        }
    }
}
