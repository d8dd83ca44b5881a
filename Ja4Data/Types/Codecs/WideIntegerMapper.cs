using System.Numerics;
using Ja4Data.Types.Columns;

namespace Ja4Data.Types.Codecs;

/// <summary>Int256 / UInt256 as <see cref="BigInteger"/>; the wire holds 32 little-endian two's-complement bytes.</summary>
internal readonly struct WideIntegerMapper(bool unsigned) : IValueMapper<Bytes32, BigInteger>
{
    private static readonly BigInteger SignedMax = (BigInteger.One << 255) - 1;
    private static readonly BigInteger SignedMin = -(BigInteger.One << 255);
    private static readonly BigInteger UnsignedMax = (BigInteger.One << 256) - 1;

    public BigInteger Map(Bytes32 raw) => new(raw, isUnsigned: unsigned, isBigEndian: false);

    public Bytes32 Unmap(BigInteger value)
    {
        var (min, max) = unsigned ? (BigInteger.Zero, UnsignedMax) : (SignedMin, SignedMax);
        if (value < min || value > max)
        {
            throw new OverflowException($"{value} does not fit {(unsigned ? "UInt256" : "Int256")}.");
        }

        return ToBytes(value);
    }

    public Bytes32 FromObject(object value) => Unmap(value switch
    {
        BigInteger big => big,
        UInt128 u => u,
        _ => ValueConvert.ToInteger<Int128>(value),
    });

    /// <summary>Two's-complement little-endian bytes of a value already known to fit 256 bits.</summary>
    public static Bytes32 ToBytes(BigInteger value)
    {
        Bytes32 raw = default;
        Span<byte> span = raw;
        if (value.Sign < 0)
        {
            span.Fill(0xFF);
        }

        value.TryWriteBytes(span, out _, isUnsigned: value.Sign >= 0, isBigEndian: false);
        return raw;
    }
}
