using System.Collections.Concurrent;
using System.Net;
using System.Numerics;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// The one table from ClickHouse type names to codecs. Codecs are immutable, so each distinct type name is parsed
/// and built once per process.
/// </summary>
internal static class ColumnCodecFactory
{
    private const int MaxCachedTypes = 10_000;

    /// <summary>Type names longer than this are not cached: servers name real types in far fewer characters, and the
    /// cache must not keep hostile megabyte names for the life of the process.</summary>
    private const int MaxCachedNameLength = 1024;

    /// <summary>ClickHouse's own limit for FixedString(N) (MAX_FIXEDSTRING_SIZE).</summary>
    public const int MaxFixedStringWidth = 0xFFFFFF;
    private static readonly ConcurrentDictionary<string, ColumnCodec> Cache = new(StringComparer.Ordinal);

    /// <summary>The codec for a type name sent by a server; a malformed or unknown name is a protocol error.</summary>
    public static ColumnCodec ForServerType(string typeName)
    {
        try
        {
            return Get(typeName);
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException || Protocol.DecodeFailure.IsUnmapped(ex))
        {
            throw new ClickHouseProtocolException($"Cannot handle the column type '{Protocol.DecodeFailure.Excerpt(typeName)}' sent by the server: {ex.Message}", ex);
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
        if (Cache.Count < MaxCachedTypes && typeName.Length <= MaxCachedNameLength)
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
        "UInt256" => new FixedWidthCodec<Bytes32, BigInteger, WideIntegerMapper>(type, new(unsigned: true)),
        "Int8" => Integer<sbyte>(type),
        "Int16" => Integer<short>(type),
        "Int32" => Integer<int>(type),
        "Int64" => Integer<long>(type),
        "Int128" => Integer<Int128>(type),
        "Int256" => new FixedWidthCodec<Bytes32, BigInteger, WideIntegerMapper>(type, new(unsigned: false)),
        "Float32" => new FixedWidthCodec<float, float, FloatMapper<float>>(type, default),
        "Float64" => new FixedWidthCodec<double, double, FloatMapper<double>>(type, default),
        "BFloat16" => new FixedWidthCodec<ushort, float, BFloat16Mapper>(type, default),
        "Bool" => new FixedWidthCodec<byte, bool, BoolMapper>(type, default),
        "String" => new StringCodec(type),
        "FixedString" => new FixedStringCodec(type, FixedStringWidth(type)),
        "Date" => new FixedWidthCodec<ushort, DateOnly, DateMapper>(type, default),
        "Date32" => new FixedWidthCodec<int, DateOnly, Date32Mapper>(type, default),
        "DateTime" => new FixedWidthCodec<uint, DateTime, DateTimeMapper>(type, default),
        "DateTime64" => DateTime64(type),
        "Time" => new FixedWidthCodec<int, TimeSpan, TimeMapper>(type, default),
        "Time64" => new FixedWidthCodec<long, TimeSpan, Time64Mapper>(type, new(Precision(type, 9))),
        "Decimal" => Decimal(type),
        "UUID" => new FixedWidthCodec<Bytes16, Guid, UuidMapper>(type, default),
        "IPv4" => new FixedWidthCodec<uint, IPAddress, IPv4Mapper>(type, default),
        "IPv6" => new FixedWidthCodec<Bytes16, IPAddress, IPv6Mapper>(type, default),
        "Enum8" => new FixedWidthCodec<sbyte, string, EnumMapper<sbyte>>(type, new(type), string.Empty),
        "Enum16" => new FixedWidthCodec<short, string, EnumMapper<short>>(type, new(type), string.Empty),
        "Nothing" => new NothingCodec(type),
        "Nullable" => Nullable(type),
        "Array" => new ArrayCodec(type, Create(type.TypeArgument(0))),
        "Tuple" => Tuple(type, type),
        "Nested" => new ArrayCodec(type, Tuple(new TypeNode("Tuple", type.Arguments), type)),
        "Map" => new MapCodec(type, Create(type.TypeArgument(0)), Create(type.TypeArgument(1))),
        "LowCardinality" => LowCardinality(type),
        "SimpleAggregateFunction" => Create(type.TypeArgument(type.Arguments.Count - 1)),
        "Point" => new TupleCodec(type, [Create(new TypeNode("Float64")), Create(new TypeNode("Float64"))], [null, null]),
        "Ring" or "LineString" => new ArrayCodec(type, Create(new TypeNode("Point"))),
        "Polygon" => new ArrayCodec(type, Create(new TypeNode("Ring"))),
        "MultiLineString" => new ArrayCodec(type, Create(new TypeNode("LineString"))),
        "MultiPolygon" => new ArrayCodec(type, Create(new TypeNode("Polygon"))),
        "Variant" => new VariantCodec(type, [.. type.Arguments.Select((_, i) => Create(type.TypeArgument(i)))]),
        "Dynamic" => new DynamicCodec(type),
        "JSON" => new JsonCodec(type),
        _ when type.Name.StartsWith("Interval", StringComparison.Ordinal) && type.Arguments.Count == 0 => Integer<long>(type),
        _ => throw new NotSupportedException($"The ClickHouse type {type} is not supported."),
    };

    private static FixedWidthCodec<T, T, IntegerMapper<T>> Integer<T>(TypeNode type)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
        => new(type, default);

    private static int Precision(TypeNode type, int max)
    {
        var precision = type.Int64Argument(0);
        return precision is >= 0 && precision <= max ? (int)precision : throw new FormatException($"{type} has precision {precision}; 0 to {max} is allowed.");
    }

    // A type whose values already have a NULL (Nullable(Nullable(UInt8))) is no ClickHouse type; without this check the
    // .NET type Nullable<Nullable<T>> failed to construct, with a message that named no ClickHouse type (found fuzzing).
    private static NullableCodec Nullable(TypeNode type)
    {
        var nested = Create(type.TypeArgument(0));
        return System.Nullable.GetUnderlyingType(nested.ClrType) is null
            ? new NullableCodec(type, nested)
            : throw new FormatException($"{type} wraps a type whose values already include NULL; ClickHouse has no such type.");
    }

    private static int FixedStringWidth(TypeNode type)
    {
        var width = type.Int64Argument(0);
        return width is >= 1 and <= MaxFixedStringWidth
            ? (int)width
            : throw new FormatException($"{type} has width {width}; FixedString(N) needs N from 1 to {MaxFixedStringWidth}.");
    }

    // DateTime where 100 ns ticks hold every value; the exact type beyond.
    private static ColumnCodec DateTime64(TypeNode type) => Precision(type, 9) is var precision && precision <= 7
        ? new FixedWidthCodec<long, DateTime, DateTime64Mapper>(type, new(precision))
        : new FixedWidthCodec<long, ClickHouseDateTime64, ExactDateTime64Mapper>(type, new(precision));

    private static ColumnCodec Decimal(TypeNode type)
    {
        var precisionArgument = type.Int64Argument(0);
        var scaleArgument = type.Int64Argument(1);
        if (precisionArgument is < 1 or > 76 || scaleArgument < 0 || scaleArgument > precisionArgument)
        {
            throw new FormatException($"{type} is not a valid decimal type (precision 1 to 76, scale 0 to precision).");
        }

        var precision = (int)precisionArgument;
        var scale = (int)scaleArgument;

        return precision switch
        {
            <= 9 => new FixedWidthCodec<int, decimal, DecimalMapper<int>>(type, new(precision, scale)),
            <= 18 => new FixedWidthCodec<long, decimal, DecimalMapper<long>>(type, new(precision, scale)),
            <= 28 => new FixedWidthCodec<Int128, decimal, DecimalMapper<Int128>>(type, new(precision, scale)),
            <= 38 => new FixedWidthCodec<Int128, ClickHouseDecimal, ExactDecimalMapper<Int128>>(type, new(precision, scale)),
            _ => new FixedWidthCodec<Bytes32, ClickHouseDecimal, ExactDecimalMapper<Bytes32>>(type, new(precision, scale)),
        };
    }

    // The element types of a Tuple or Nested, with their names when given.
    private static TupleCodec Tuple(TypeNode tupleType, TypeNode source)
    {
        var elements = source.Arguments.Select(a => a as TypeArg ?? throw new FormatException($"{source} has a non-type argument {a}.")).ToList();
        return new TupleCodec(tupleType, [.. elements.Select(e => Create(e.Type))], [.. elements.Select(e => e.ElementName)]);
    }

    private static LowCardinalityCodec LowCardinality(TypeNode type)
    {
        var inner = Create(type.TypeArgument(0));
        var keys = inner is NullableCodec nullable ? nullable.Nested : inner;
        return new LowCardinalityCodec(type, inner, keys);
    }
}
