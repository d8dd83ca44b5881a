using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Ja4Data.Types.Conversion;

/// <summary>
/// The one map from .NET to ClickHouse types, for values whose column or placeholder names no type (Dynamic columns):
/// the README's Dynamic list. A value's own type decides, except where only the value can (a decimal's scale, an
/// address's family); composites map element by element.
/// </summary>
internal static class ClrTypeMap
{
    private const string Instant = "DateTime64(7, 'UTC')";

    private static readonly FrozenDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        [typeof(bool)] = "Bool",
        [typeof(sbyte)] = "Int8",
        [typeof(byte)] = "UInt8",
        [typeof(short)] = "Int16",
        [typeof(ushort)] = "UInt16",
        [typeof(int)] = "Int32",
        [typeof(uint)] = "UInt32",
        [typeof(long)] = "Int64",
        [typeof(ulong)] = "UInt64",
        [typeof(Int128)] = "Int128",
        [typeof(UInt128)] = "UInt128",
        [typeof(BigInteger)] = "Int256",
        [typeof(Half)] = "Float32",
        [typeof(float)] = "Float32",
        [typeof(double)] = "Float64",
        [typeof(string)] = "String",
        [typeof(char[])] = "String",
        [typeof(byte[])] = "String",
        [typeof(Guid)] = "UUID",
        [typeof(DateOnly)] = "Date32",
        [typeof(DateTime)] = Instant,
        [typeof(DateTimeOffset)] = Instant,
        [typeof(ClickHouseDateTime64)] = "DateTime64(9, 'UTC')",
    }.ToFrozenDictionary();

    /// <summary>The ClickHouse type <paramref name="value"/> is stored as.</summary>
    /// <exception cref="InvalidCastException">No type is inferred for it.</exception>
    public static string TypeNameOf(object value) => value switch
    {
        decimal d => string.Create(CultureInfo.InvariantCulture, $"Decimal(28, {d.Scale})"),
        ClickHouseDecimal exact => string.Create(CultureInfo.InvariantCulture, $"Decimal(76, {exact.Scale})"),
        ClickHouseDateTime64 instant => string.Create(CultureInfo.InvariantCulture, $"DateTime64({instant.Precision}, 'UTC')"),
        IPAddress { AddressFamily: AddressFamily.InterNetwork } => "IPv4",
        IPAddress => "IPv6",
        _ => TypeNameOf(value.GetType())
            ?? throw ValueConvert.Unsupported(value, "Dynamic (no ClickHouse type is inferred for it; wrap it in ClickHouseVariant)"),
    };

    /// <summary>
    /// The ClickHouse type every value of <paramref name="type"/> is stored as; null when nothing maps, or when only a
    /// value can decide (decimal, <see cref="ClickHouseDecimal"/>, IPAddress). <see cref="ClickHouseDateTime64"/> is
    /// DateTime64(9, 'UTC'), which holds every precision (a single value takes its own precision instead).
    /// </summary>
    public static string? TypeNameOf(Type type)
    {
        if (ByType.TryGetValue(type, out var name))
        {
            return name;
        }

        if (type.IsEnum)
        {
            // By name: numbers of a .NET enum mean nothing outside the program.
            return "String";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeNameOf(underlying) is { } inner ? $"Nullable({inner})" : null;
        }

        if (type.IsArray && type.GetElementType() is { } element && element != typeof(object))
        {
            return TypeNameOf(element) is { } inner ? $"Array({inner})" : null;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            return TypeNameOf(arguments[0]) is { } key && TypeNameOf(arguments[1]) is { } item ? $"Map({key}, {item})" : null;
        }

        if (type.IsGenericType && typeof(IList).IsAssignableFrom(type) && type.GetGenericArguments() is [var listElement] && listElement != typeof(object))
        {
            return TypeNameOf(listElement) is { } inner ? $"Array({inner})" : null;
        }

        return null;
    }
}
