using System.Collections.Concurrent;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// The one table from ClickHouse type names to codecs. Codecs are immutable, so each distinct type name is parsed
/// and built once per process.
/// </summary>
internal static class ColumnCodecFactory
{
    private const int MaxCachedTypes = 10_000;
    private static readonly ConcurrentDictionary<string, ColumnCodec> Cache = new(StringComparer.Ordinal);

    /// <summary>The codec for a type name sent by a server; a malformed or unknown name is a protocol error.</summary>
    public static ColumnCodec ForServerType(string typeName)
    {
        try
        {
            return Get(typeName);
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException)
        {
            throw new ClickHouseProtocolException($"Cannot handle the column type '{typeName}' sent by the server: {ex.Message}", ex);
        }
    }

    /// <summary>The codec for a type name; throws <see cref="FormatException"/> or <see cref="NotSupportedException"/>.</summary>
    public static ColumnCodec Get(string typeName)
    {
        if (Cache.TryGetValue(typeName, out var codec))
        {
            return codec;
        }

        codec = Create(TypeAliases.Canonicalize(TypeParser.Parse(typeName)));
        if (Cache.Count < MaxCachedTypes)
        {
            Cache.TryAdd(typeName, codec);
        }

        return codec;
    }

    public static ColumnCodec Create(TypeNode type) => type.Name switch
    {
        "UInt8" => Integer<byte>(type),
        "UInt16" => Integer<ushort>(type),
        "UInt32" => Integer<uint>(type),
        "UInt64" => Integer<ulong>(type),
        "UInt128" => Integer<UInt128>(type),
        "Int8" => Integer<sbyte>(type),
        "Int16" => Integer<short>(type),
        "Int32" => Integer<int>(type),
        "Int64" => Integer<long>(type),
        "Int128" => Integer<Int128>(type),
        "Float32" => new FixedWidthCodec<float, float, FloatMapper<float>>(type, default),
        "Float64" => new FixedWidthCodec<double, double, FloatMapper<double>>(type, default),
        "String" => new StringCodec(type),
        "Nullable" => new NullableCodec(type, Create(type.TypeArgument(0))),
        "Array" => new ArrayCodec(type, Create(type.TypeArgument(0))),
        _ => throw new NotSupportedException($"The ClickHouse type {type} is not supported."),
    };

    private static FixedWidthCodec<T, T, IntegerMapper<T>> Integer<T>(TypeNode type)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
        => new(type, default);
}
