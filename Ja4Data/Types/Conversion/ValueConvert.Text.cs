using System.Collections.Concurrent;
using System.Numerics;
using System.Text.RegularExpressions;
using Ja4Data.Sql;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Conversion;

/// <summary>
/// Text inputs: the value ClickHouse reads from a type's text form (a quoted string in <c>VALUES</c>, a TabSeparated or
/// CSV field, a JSON string), returned as the .NET value the column builders take, so the range checks of this table
/// still decide. The forms are ClickHouse's: <c>YYYY-MM-DD</c> (any one separator, or <c>YYYYMMDD</c>) for dates,
/// <c>YYYY-MM-DD hh:mm[:ss[.fff]]</c> (or <c>T</c>, an optional <c>Z</c> or <c>+hh:mm</c>) or Unix seconds for
/// instants, read in the column's time zone or else the server's; numbers without spaces; Enum labels (or an element's
/// number); <c>[..]</c>, <c>(..)</c> and <c>{..}</c> literals for arrays, tuples and maps.
/// </summary>
internal static partial class ValueConvert
{
    private const int MaxScale = 76;

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>A time zone by its IANA name (<c>UTC</c>, <c>Europe/Amsterdam</c>), as servers name them.</summary>
    /// <exception cref="FormatException">The system knows no such zone.</exception>
    public static TimeZoneInfo TimeZone(string name)
    {
        if (Zones.TryGetValue(name, out var zone))
        {
            return zone;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"The time zone '{name}' is not known on this machine (install the tzdata package), so local times in it cannot be converted.", ex);
        }

        if (Zones.Count < 1000)
        {
            Zones.TryAdd(name, zone);
        }

        return zone;
    }

    /// <summary>
    /// The value <paramref name="text"/> stands for in a column of <paramref name="type"/> (canonical), as the .NET value
    /// the column's builder takes; <paramref name="zone"/> reads date-times of columns without a zone of their own.
    /// </summary>
    /// <exception cref="FormatException">The text is not a value of the type.</exception>
    /// <exception cref="InvalidCastException">The type reads no text (Nothing).</exception>
    public static object? FromText(string text, TypeNode type, TimeZoneInfo zone)
    {
        switch (type.Name)
        {
            case "Nullable" or "LowCardinality":
                return FromText(text, type.TypeArgument(0), zone);
            case "SimpleAggregateFunction":
                return FromText(text, type.TypeArgument(type.Arguments.Count - 1), zone);
            case "String" or "FixedString" or "JSON" or "Object" or "Dynamic" or "Variant" or "UUID" or "IPv6":
                // Taken as they are: the builders parse UUIDs and addresses themselves.
                return text;
            case "IPv4":
                return IntegerText().IsMatch(text) ? ParseInteger(text) : text;
            case "Bool":
                return ParseBool(text);
            case "Float32" or "Float64" or "BFloat16":
                return ParseFloat(text, type);
            case "Decimal":
                return ParseExact(text, type);
            case "Date" or "Date32":
                return ParseDate(text, type);
            case "DateTime":
                return IntegerText().IsMatch(text) ? UnixTime(ParseExact(text, type), 0) : ParseInstant(text, type, zone);
            case "DateTime64":
                // All digits are a count of the type's units, as servers read them; a point makes them seconds.
                return UnsignedNumberText().IsMatch(text)
                    ? UnixTime(ParseExact(text, type), text.Contains('.', StringComparison.Ordinal) ? 0 : (int)type.Int64Argument(0))
                    : ParseInstant(text, type, zone);
            case "Time" or "Time64":
                return ParseDuration(text, type);
            case "Enum8" or "Enum16":
                return type.Arguments.OfType<EnumArg>().Any(e => e.Name == text) || !IntegerText().IsMatch(text) ? text : ParseInteger(text);
            case "Array" or "Tuple" or "Map" or "Nested" or "Point" or "Ring" or "LineString" or "Polygon" or "MultiLineString" or "MultiPolygon":
                return FromSqlValue(ParseComposite(text, type), type, new LiteralContext(zone));
            case "Nothing":
                throw new InvalidCastException("Nothing holds no values, only NULL.");
            default:
                return IsIntegerFamily(type.Name) ? ParseInteger(text) : throw new InvalidCastException($"Ja4Data reads no text for {type}.");
        }
    }

    /// <summary>True for the families whose values are whole numbers of fixed width (Int8..UInt256, Interval*).</summary>
    public static bool IsIntegerFamily(string family)
        => family is "Int8" or "Int16" or "Int32" or "Int64" or "Int128" or "Int256"
            or "UInt8" or "UInt16" or "UInt32" or "UInt64" or "UInt128" or "UInt256"
        || (family.StartsWith("Interval", StringComparison.Ordinal) && family.Length > "Interval".Length);

    /// <summary>An integer written in decimal digits with an optional sign: a long where it fits, else a BigInteger.</summary>
    /// <exception cref="FormatException">Not an integer.</exception>
    public static object ParseInteger(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
        {
            return small;
        }

        return IntegerText().IsMatch(text)
            ? BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{Shorten(text)}' is not an integer.");
    }

    /// <summary>
    /// An exact number: optional sign, digits with an optional point and decimal exponent (<c>1.25</c>, <c>-3e-2</c>).
    /// </summary>
    /// <exception cref="FormatException">Not such a number.</exception>
    public static ClickHouseDecimal ParseExact(string text, TypeNode? type = null)
    {
        var match = ExactText().Match(text);
        if (!match.Success)
        {
            throw new FormatException(type is null ? $"'{Shorten(text)}' is not a number." : $"'{Shorten(text)}' is not a {type} value.");
        }

        var whole = match.Groups["whole"].Value;
        var fraction = match.Groups["fraction"].Value;
        var exponent = match.Groups["exponent"].Success ? int.Parse(match.Groups["exponent"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var unscaled = BigInteger.Parse(string.Concat("0", whole, fraction), CultureInfo.InvariantCulture);
        unscaled = match.Groups["sign"].Value == "-" ? -unscaled : unscaled;
        var scale = fraction.Length - exponent;
        while (scale > MaxScale && !unscaled.IsZero && BigInteger.Remainder(unscaled, 10).IsZero)
        {
            unscaled /= 10;
            scale--;
        }

        if (scale > MaxScale || scale < -MaxScale)
        {
            throw new FormatException($"'{Shorten(text)}' has more digits than any ClickHouse number (76).");
        }

        scale = unscaled.IsZero ? Math.Max(scale, 0) : scale;

        return scale >= 0 ? new ClickHouseDecimal(unscaled, scale) : new ClickHouseDecimal(unscaled * BigInteger.Pow(10, -scale), 0);
    }

    private static bool ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "t" or "yes" or "y" or "on" or "enable" or "1" => true,
        "false" or "f" or "no" or "n" or "off" or "disable" or "0" => false,
        _ => throw new FormatException($"'{Shorten(text)}' is not a Bool (expected true or false, 1 or 0)."),
    };

    private static double ParseFloat(string text, TypeNode type) => text.ToLowerInvariant() switch
    {
        "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ when ExactText().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{Shorten(text)}' is not a {type} value."),
    };

    private static DateOnly ParseDate(string text, TypeNode type)
    {
        var match = InstantText().Match(text);
        return match.Success && !match.Groups["hour"].Success && !match.Groups["zone"].Success
            ? CalendarDate(match, text, type)
            : throw new FormatException($"'{Shorten(text)}' is not a {type} value (expected YYYY-MM-DD).");
    }

    private static DateTime ParseInstant(string text, TypeNode type, TimeZoneInfo zone)
    {
        var match = InstantText().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{Shorten(text)}' is not a {type} value (expected YYYY-MM-DD hh:mm:ss or Unix seconds).");
        }

        var date = CalendarDate(match, text, type);
        var time = TimeSpan.Zero;
        if (match.Groups["hour"].Success)
        {
            var (hour, minute) = (Number(match, "hour"), Number(match, "minute"));
            var second = match.Groups["second"].Success ? Number(match, "second") : 0;
            if (hour > 23 || minute > 59 || second > 59)
            {
                throw new FormatException($"'{Shorten(text)}' is not a {type} value: the time of day is out of range.");
            }

            time = new TimeSpan(hour, minute, second) + FractionTicks(match.Groups["fraction"].Value);
        }

        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + time;
        var offset = match.Groups["zone"].Value;
        if (offset.Length > 0)
        {
            var shift = offset is "Z" or "z"
                ? TimeSpan.Zero
                : new TimeSpan(Number(match, "zoneHours"), match.Groups["zoneMinutes"].Success ? Number(match, "zoneMinutes") : 0, 0);
            return DateTime.SpecifyKind(local - (offset[0] == '-' ? -shift : shift), DateTimeKind.Utc);
        }

        var columnZone = type.Arguments.Count > (type.Name == "DateTime64" ? 1 : 0) ? TimeZone(type.StringArgument(type.Arguments.Count - 1)) : zone;
        if (columnZone.IsInvalidTime(local))
        {
            throw new FormatException($"'{Shorten(text)}' does not exist in the time zone {columnZone.Id} (a daylight-saving gap).");
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, columnZone);
    }

    private static DateOnly CalendarDate(Match match, string text, TypeNode type)
    {
        var (year, month, day) = (Number(match, "year"), Number(match, "month"), Number(match, "day"));
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year == 0 ? 1 : year, month) && year >= 1
            ? new DateOnly(year, month, day)
            : throw new FormatException($"'{Shorten(text)}' is not a {type} value: there is no such calendar date.");
    }

    // Seconds (or units of 10^-precision seconds) since the epoch, to the 100 ns .NET keeps, toward the past.
    private static DateTime UnixTime(ClickHouseDecimal count, int precision)
    {
        var numerator = count.UnscaledValue * TimeSpan.TicksPerSecond;
        var denominator = BigInteger.Pow(10, count.Scale + precision);
        var ticks = BigInteger.DivRem(numerator, denominator, out var rest);
        ticks -= rest.Sign < 0 ? 1 : 0;

        var max = DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks;
        return ticks >= -DateTime.UnixEpoch.Ticks && ticks <= max
            ? new DateTime(DateTime.UnixEpoch.Ticks + (long)ticks, DateTimeKind.Utc)
            : throw new OverflowException($"{count} seconds since 1970 is outside every date-time type.");
    }

    private static TimeSpan ParseDuration(string text, TypeNode type)
    {
        var match = DurationText().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{Shorten(text)}' is not a {type} value (expected [-]h:mm:ss[.fff]).");
        }

        var span = TimeSpan.FromHours(Number(match, "hours")) + TimeSpan.FromMinutes(Number(match, "minutes"))
            + TimeSpan.FromSeconds(Number(match, "seconds")) + FractionTicks(match.Groups["fraction"].Value);
        return match.Groups["sign"].Value == "-" ? -span : span;
    }

    // A fraction of a second to .NET's 100 ns; further digits are dropped toward zero, as servers drop them.
    private static TimeSpan FractionTicks(string digits)
        => digits.Length == 0 ? TimeSpan.Zero : new TimeSpan(long.Parse(digits.PadRight(7, '0')[..7], CultureInfo.InvariantCulture));

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    // A composite written as text ('[1,2]' into an Array column): parsed as the literal it spells.
    private static SqlValue ParseComposite(string text, TypeNode type)
    {
        try
        {
            return ValuesParser.ParseLiteral(text);
        }
        catch (InlineDataException ex)
        {
            throw new FormatException($"'{Shorten(text)}' is not a {type} value: {ex.Message}", ex);
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "...");

    [GeneratedRegex(@"^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnsignedNumberText();

    [GeneratedRegex(@"^(?<sign>[+-]?)(?:(?<whole>[0-9]+)(?:\.(?<fraction>[0-9]*))?|\.(?<fraction>[0-9]+))(?:[eE](?<exponent>[+-]?[0-9]{1,9}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExactText();

    [GeneratedRegex(
        @"^(?<year>[0-9]{4})(?:[^0-9](?<month>[0-9]{1,2})[^0-9](?<day>[0-9]{1,2})|(?<month>[0-9]{2})(?<day>[0-9]{2}))"
        + @"(?:[ T](?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]+))?)?)?"
        + @"(?<zone>[Zz]|[+-](?<zoneHours>[0-9]{2})(?::?(?<zoneMinutes>[0-9]{2}))?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex InstantText();

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<hours>[0-9]{1,7}):(?<minutes>[0-5][0-9]):(?<seconds>[0-5][0-9])(?:\.(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationText();
}
