using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Numerics;
using System.Reflection;

namespace Ja4Data.Types.Conversion;

/// <summary>
/// Typed records: a column's .NET value into a member of another .NET type when reading, and a member into the
/// column's .NET value when inserting - the same table both ways, with the rules of the "Also accepted when writing"
/// column of docs/types.md: integers of every width where the value fits (never wrapped), any number into floating
/// point (rounded), integers and integral decimals into <see cref="decimal"/>, 0/1 for <see cref="bool"/>, .NET enums
/// by name for text and by number for integers, instants between <see cref="DateTime"/> and
/// <see cref="DateTimeOffset"/>, calendar days between <see cref="DateOnly"/> and instants, and the conversion
/// operators a value type declares (<see cref="ClickHouseDecimal"/> to <see cref="decimal"/>). Every method is generic
/// over both types, so a conversion neither boxes nor allocates.
/// </summary>
internal static partial class ValueConvert
{
    private static readonly ConcurrentDictionary<(Type From, Type To), MethodInfo?> MemberConversions = new();

    /// <summary>
    /// The static method (one parameter of <paramref name="from"/>, returning <paramref name="to"/>) that converts
    /// between a column value and a member; null when the table has no conversion. Identity and reference conversions
    /// (a value assignable to the member) are the caller's; so is NULL.
    /// </summary>
    public static MethodInfo? MemberConversion(Type from, Type to) => MemberConversions.GetOrAdd((from, to), static key => FindMemberConversion(key.From, key.To));

    private static MethodInfo? FindMemberConversion(Type from, Type to)
    {
        (string Name, Type[] Arguments)? method = (from, to) switch
        {
            _ when IsInteger(from) && IsBoundedInteger(to) => (nameof(IntegerToInteger), [from, to]),
            _ when IsInteger(from) && to == typeof(BigInteger) => (nameof(IntegerToBigInteger), [from]),
            _ when (IsInteger(from) || IsFloat(from) || from == typeof(decimal)) && IsFloat(to) => (nameof(NumberToFloat), [from, to]),
            _ when (IsInteger(from) || IsFloat(from)) && to == typeof(decimal) => (nameof(NumberToDecimal), [from]),
            _ when from == typeof(decimal) && IsBoundedInteger(to) => (nameof(DecimalToInteger), [to]),
            _ when IsInteger(from) && to == typeof(bool) => (nameof(IntegerToBool), [from]),
            _ when from == typeof(bool) && IsBoundedInteger(to) => (nameof(BoolToInteger), [to]),
            _ when from.IsEnum && to == typeof(string) => (nameof(EnumToName), [from]),
            _ when from == typeof(string) && to.IsEnum => (nameof(NameToEnum), [to]),
            _ when from.IsEnum && IsBoundedInteger(to) => (nameof(EnumToInteger), [from, to]),
            _ when IsBoundedInteger(from) && to.IsEnum => (nameof(IntegerToEnum), [from, to]),
            _ when from == typeof(DateTime) && to == typeof(DateTimeOffset) => (nameof(InstantToOffset), []),
            _ when from == typeof(DateTimeOffset) && to == typeof(DateTime) => (nameof(OffsetToInstant), []),
            _ when from == typeof(DateOnly) && to == typeof(DateTime) => (nameof(DayToInstant), []),
            _ when from == typeof(DateOnly) && to == typeof(DateTimeOffset) => (nameof(DayToOffset), []),
            _ when from == typeof(DateTime) && to == typeof(DateOnly) => (nameof(InstantToDay), []),
            _ when from == typeof(DateTimeOffset) && to == typeof(DateOnly) => (nameof(OffsetToDay), []),
            _ when from == typeof(DateTimeOffset) && to == typeof(ClickHouseDateTime64) => (nameof(OffsetToExact), []),
            _ when from == typeof(DateOnly) && to == typeof(ClickHouseDateTime64) => (nameof(DayToExact), []),
            _ when from == typeof(ClickHouseDateTime64) && to == typeof(DateOnly) => (nameof(ExactToDay), []),
            _ => null,
        };

        if (method is not { } found)
        {
            return Operator(from, to);
        }

        var definition = typeof(ValueConvert).GetMethod(found.Name, BindingFlags.Public | BindingFlags.Static)!;
        return found.Arguments.Length == 0 ? definition : definition.MakeGenericMethod(found.Arguments);
    }

    public static TTo IntegerToInteger<TFrom, TTo>(TFrom value)
        where TFrom : IBinaryInteger<TFrom>
        where TTo : IBinaryInteger<TTo>, IMinMaxValue<TTo>
    {
        try
        {
            return TTo.CreateChecked(value);
        }
        catch (OverflowException)
        {
            throw OutOfRange(Show(value), typeof(TTo).Name, Show(TTo.MinValue), Show(TTo.MaxValue));
        }
    }

    public static BigInteger IntegerToBigInteger<TFrom>(TFrom value)
        where TFrom : IBinaryInteger<TFrom>
        => BigInteger.CreateChecked(value);

    public static TTo NumberToFloat<TFrom, TTo>(TFrom value)
        where TFrom : INumberBase<TFrom>
        where TTo : IFloatingPoint<TTo>
        => TTo.CreateSaturating(value);

    public static decimal NumberToDecimal<TFrom>(TFrom value)
        where TFrom : INumberBase<TFrom>
    {
        try
        {
            return decimal.CreateChecked(value);
        }
        catch (OverflowException)
        {
            throw OutOfRange(Show(value), nameof(Decimal), Show(decimal.MinValue), Show(decimal.MaxValue));
        }
    }

    public static TTo DecimalToInteger<TTo>(decimal value)
        where TTo : IBinaryInteger<TTo>, IMinMaxValue<TTo>
        => decimal.Truncate(value) == value
            ? IntegerToInteger<Int128, TTo>(Int128.CreateChecked(value))
            : throw new InvalidCastException($"{Show(value)} has a fraction and is not a {typeof(TTo).Name}.");

    public static bool IntegerToBool<TFrom>(TFrom value)
        where TFrom : IBinaryInteger<TFrom>
        => TFrom.IsZero(value) ? false
            : value == TFrom.One ? true
            : throw new OverflowException($"{Show(value)} is not a Boolean (expected 0 or 1).");

    public static TTo BoolToInteger<TTo>(bool value)
        where TTo : IBinaryInteger<TTo>, IMinMaxValue<TTo>
        => value ? TTo.One : TTo.Zero;

    /// <summary>The name of a defined value; other values (flags combined, undefined numbers) as .NET prints them.</summary>
    public static string EnumToName<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => EnumNames<TEnum>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>The value named <paramref name="name"/>: the exact name, else the one name equal ignoring case.</summary>
    public static TEnum NameToEnum<TEnum>(string name)
        where TEnum : struct, Enum
        => EnumNames<TEnum>.ByName.TryGetValue(name, out var value) || EnumNames<TEnum>.ByNameIgnoringCase.TryGetValue(name, out value)
            ? value
            : throw new FormatException($"'{name}' is not a name of the enum {typeof(TEnum).Name} ({string.Join(", ", EnumNames<TEnum>.ByName.Keys.Order(StringComparer.Ordinal))}).");

    public static TTo EnumToInteger<TEnum, TTo>(TEnum value)
        where TEnum : struct, Enum
        where TTo : IBinaryInteger<TTo>, IMinMaxValue<TTo>
        => EnumNames<TEnum>.Unsigned ? IntegerToInteger<ulong, TTo>(EnumBits(value)) : IntegerToInteger<long, TTo>((long)EnumBits(value));

    /// <summary>An integer into a .NET enum by number (the underlying type must hold it; undefined numbers pass, as casts do).</summary>
    public static TEnum IntegerToEnum<TFrom, TEnum>(TFrom value)
        where TFrom : IBinaryInteger<TFrom>
        where TEnum : struct, Enum
    {
        ulong bits = Unsafe.SizeOf<TEnum>() switch
        {
            1 when EnumNames<TEnum>.Unsigned => IntegerToInteger<TFrom, byte>(value),
            1 => (ulong)IntegerToInteger<TFrom, sbyte>(value),
            2 when EnumNames<TEnum>.Unsigned => IntegerToInteger<TFrom, ushort>(value),
            2 => (ulong)IntegerToInteger<TFrom, short>(value),
            4 when EnumNames<TEnum>.Unsigned => IntegerToInteger<TFrom, uint>(value),
            4 => (ulong)IntegerToInteger<TFrom, int>(value),
            _ when EnumNames<TEnum>.Unsigned => IntegerToInteger<TFrom, ulong>(value),
            _ => (ulong)IntegerToInteger<TFrom, long>(value),
        };
        return Unsafe.As<ulong, TEnum>(ref bits);
    }

    /// <summary>An instant as docs/types.md reads it: Local converted, Unspecified taken as UTC.</summary>
    public static DateTimeOffset InstantToOffset(DateTime value)
        => new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks, TimeSpan.Zero);

    public static DateTime OffsetToInstant(DateTimeOffset value) => value.UtcDateTime;

    /// <summary>A day as an instant: its midnight UTC, as a <c>DateOnly</c> written into an instant column means.</summary>
    public static DateTime DayToInstant(DateOnly value) => value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public static DateTimeOffset DayToOffset(DateOnly value) => new(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The calendar day the value states, whatever its Kind (as a Date column takes it).</summary>
    public static DateOnly InstantToDay(DateTime value) => DateOnly.FromDateTime(value);

    public static DateOnly OffsetToDay(DateTimeOffset value) => DateOnly.FromDateTime(value.DateTime);

    // DateTime64(8/9) columns hold ClickHouseDateTime64; its own operators cover DateTime both ways and
    // DateTimeOffset when reading, these the remaining pairs.
    public static ClickHouseDateTime64 OffsetToExact(DateTimeOffset value) => ClickHouseDateTime64.FromDateTimeOffset(value);

    public static ClickHouseDateTime64 DayToExact(DateOnly value) => ClickHouseDateTime64.FromDateTime(DayToInstant(value));

    /// <summary>The UTC calendar day of the instant.</summary>
    public static DateOnly ExactToDay(ClickHouseDateTime64 value) => DateOnly.FromDateTime(value.ToDateTime());

    private static ulong EnumBits<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => Unsafe.SizeOf<TEnum>() switch
        {
            1 => EnumNames<TEnum>.Unsigned ? Unsafe.As<TEnum, byte>(ref value) : (ulong)Unsafe.As<TEnum, sbyte>(ref value),
            2 => EnumNames<TEnum>.Unsigned ? Unsafe.As<TEnum, ushort>(ref value) : (ulong)Unsafe.As<TEnum, short>(ref value),
            4 => EnumNames<TEnum>.Unsigned ? Unsafe.As<TEnum, uint>(ref value) : (ulong)Unsafe.As<TEnum, int>(ref value),
            _ => Unsafe.As<TEnum, ulong>(ref value),
        };

    // A value type's own conversion operators, implicit or explicit, declared by either side.
    private static MethodInfo? Operator(Type from, Type to)
    {
        foreach (var declaring in new[] { from, to })
        {
            foreach (var method in declaring.GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                if (method.Name is "op_Implicit" or "op_Explicit" && method.ReturnType == to && method.GetParameters() is [var parameter] && parameter.ParameterType == from)
                {
                    return method;
                }
            }
        }

        return null;
    }

    private static bool IsBoundedInteger(Type type)
        => type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint)
            || type == typeof(long) || type == typeof(ulong) || type == typeof(Int128) || type == typeof(UInt128);

    private static bool IsInteger(Type type) => IsBoundedInteger(type) || type == typeof(BigInteger);

    private static bool IsFloat(Type type) => type == typeof(double) || type == typeof(float) || type == typeof(Half);

    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly bool Unsigned = Type.GetTypeCode(typeof(TEnum)) is TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64;

        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, v => Enum.GetName(v)!);

        public static readonly FrozenDictionary<string, TEnum> ByName = Enum.GetNames<TEnum>().ToFrozenDictionary(n => n, Enum.Parse<TEnum>, StringComparer.Ordinal);

        // Only names that stay distinct ignoring case: an ambiguous spelling matches nothing rather than a guess.
        public static readonly FrozenDictionary<string, TEnum> ByNameIgnoringCase = Enum.GetNames<TEnum>()
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() == 1)
            .ToFrozenDictionary(g => g.Key, g => Enum.Parse<TEnum>(g.Key), StringComparer.OrdinalIgnoreCase);
    }
}
