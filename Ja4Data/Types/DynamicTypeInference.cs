using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Ja4Data.Types;

/// <summary>The ClickHouse type a CLR value is stored as in a Dynamic column (documented in docs/types.md).</summary>
internal static class DynamicTypeInference
{
    public static string TypeNameOf(object value) => value switch
    {
        bool => "Bool",
        sbyte => "Int8",
        byte => "UInt8",
        short => "Int16",
        ushort => "UInt16",
        int => "Int32",
        uint => "UInt32",
        long => "Int64",
        ulong => "UInt64",
        Int128 => "Int128",
        UInt128 => "UInt128",
        BigInteger => "Int256",
        Half or float => "Float32",
        double => "Float64",
        decimal d => $"Decimal(28, {d.Scale})",
        ClickHouseDecimal exact => $"Decimal(76, {exact.Scale})",
        string or char[] or byte[] => "String",
        Guid => "UUID",
        DateOnly => "Date32",
        DateTime or DateTimeOffset => "DateTime64(7, 'UTC')",
        IPAddress { AddressFamily: AddressFamily.InterNetwork } => "IPv4",
        IPAddress => "IPv6",
        Enum => "String",
        _ => FromClrType(value.GetType()) ?? throw ValueConvert.Unsupported(value, "Dynamic (no ClickHouse type is inferred for it; wrap it in ClickHouseVariant)"),
    };

    private static string? FromClrType(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return FromClrType(underlying) is { } inner ? $"Nullable({inner})" : null;
        }

        if (type.IsArray && type.GetElementType() is { } element && element != typeof(object))
        {
            return FromClrType(element) is { } inner ? $"Array({inner})" : null;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            return FromClrType(arguments[0]) is { } key && FromClrType(arguments[1]) is { } item ? $"Map({key}, {item})" : null;
        }

        if (type.IsGenericType && typeof(IList).IsAssignableFrom(type) && type.GetGenericArguments() is [var listElement] && listElement != typeof(object))
        {
            return FromClrType(listElement) is { } inner ? $"Array({inner})" : null;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "Bool",
            TypeCode.SByte => "Int8",
            TypeCode.Byte => "UInt8",
            TypeCode.Int16 => "Int16",
            TypeCode.UInt16 => "UInt16",
            TypeCode.Int32 => "Int32",
            TypeCode.UInt32 => "UInt32",
            TypeCode.Int64 => "Int64",
            TypeCode.UInt64 => "UInt64",
            TypeCode.Single => "Float32",
            TypeCode.Double => "Float64",
            TypeCode.String => "String",
            TypeCode.DateTime => "DateTime64(7, 'UTC')",
            _ when type == typeof(Guid) => "UUID",
            _ when type == typeof(DateOnly) => "Date32",
            _ when type == typeof(DateTimeOffset) => "DateTime64(7, 'UTC')",
            _ when type == typeof(Int128) => "Int128",
            _ when type == typeof(UInt128) => "UInt128",
            _ when type == typeof(byte[]) => "String",
            _ => null,
        };
    }
}
