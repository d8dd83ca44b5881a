using System.Numerics;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Codecs;

/// <summary>Int256 / UInt256 as <see cref="BigInteger"/>; the wire holds 32 little-endian two's-complement bytes.</summary>
internal readonly struct WideIntegerMapper(bool unsigned) : IValueMapper<Bytes32, BigInteger>
{
    public BigInteger Map(Bytes32 raw) => new(raw, isUnsigned: unsigned, isBigEndian: false);

    public Bytes32 Unmap(BigInteger value) => ToBytes(ValueConvert.ToInteger256(value, unsigned));

    public Bytes32 FromObject(object value) => ToBytes(ValueConvert.ToInteger256(value, unsigned));

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
