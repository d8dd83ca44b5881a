using System.Collections;
using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Ja4Data.Types.Conversion;

/// <summary>
/// The one map from .NET to ClickHouse types, for values whose column or placeholder names no type (Dynamic columns,
/// <c>@name</c> parameters): the table in docs/types.md. A value's own type decides, except where only the value can (a
/// decimal's scale, an address's family); composites map element by element, and a sequence of decimals or addresses
/// by the widest of its elements.
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
            ?? (value is IEnumerable items ? SequenceByElements(items) : null)
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

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            return TypeNameOf(arguments[0]) is { } key && TypeNameOf(arguments[1]) is { } item ? $"Map({key}, {item})" : null;
        }

        // Any sequence of one element type (arrays, lists, sets, LINQ results); a Dictionary is a Map above.
        if (ElementType(type) is { } element && element != typeof(object))
        {
            return TypeNameOf(element) is { } inner ? $"Array({inner})" : null;
        }

        return null;
    }

    /// <summary>The element type of an array or of a type that is an <see cref="IEnumerable{T}"/> of one T; else null.</summary>
    public static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            return type.GetGenericArguments()[0];
        }

        Type? found = null;
        foreach (var face in type.GetInterfaces())
        {
            if (face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                if (found is not null)
                {
                    return null; // enumerable of two element types: neither decides
                }

                found = face.GetGenericArguments()[0];
            }
        }

        return found;
    }

    // decimal or address elements, whose type only the values decide: the largest scale, IPv6 once one address is.
    private static string? SequenceByElements(IEnumerable items)
    {
        var element = ElementType(items.GetType());
        var underlying = element is null ? null : Nullable.GetUnderlyingType(element) ?? element;
        var sawNull = false;
        string inner;
        if (underlying == typeof(decimal) || underlying == typeof(ClickHouseDecimal))
        {
            var scale = 0;
            foreach (var item in items)
            {
                sawNull |= item is null;
                scale = Math.Max(scale, item switch { decimal d => d.Scale, ClickHouseDecimal exact => exact.Scale, _ => 0 });
            }

            inner = string.Create(CultureInfo.InvariantCulture, $"Decimal({(underlying == typeof(decimal) ? 28 : 76)}, {scale})");
        }
        else if (underlying == typeof(IPAddress))
        {
            var v6 = false;
            foreach (var item in items)
            {
                sawNull |= item is null;
                v6 |= item is IPAddress { AddressFamily: not AddressFamily.InterNetwork };
            }

            inner = v6 ? "IPv6" : "IPv4";
        }
        else
        {
            return null;
        }

        return sawNull || underlying != element ? $"Array(Nullable({inner}))" : $"Array({inner})";
    }
}
