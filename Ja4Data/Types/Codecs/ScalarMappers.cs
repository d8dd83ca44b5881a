using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Codecs;

/// <summary>Bool: one byte, 0 or 1.</summary>
internal readonly struct BoolMapper : IValueMapper<byte, bool>
{
    public bool Map(byte raw) => raw != 0;

    public byte Unmap(bool value) => value ? (byte)1 : (byte)0;

    public byte FromObject(object value) => Unmap(ValueConvert.ToBool(value));
}

/// <summary>BFloat16: the upper 16 bits of a Float32 bit pattern.</summary>
internal readonly struct BFloat16Mapper : IValueMapper<ushort, float>
{
    public float Map(ushort raw) => BitConverter.Int32BitsToSingle(raw << 16);

    // Truncates the low mantissa bits, as ClickHouse's own Float32 to BFloat16 conversion does.
    public ushort Unmap(float value) => (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16);

    public ushort FromObject(object value) => Unmap(ValueConvert.ToFloat<float>(value));
}
