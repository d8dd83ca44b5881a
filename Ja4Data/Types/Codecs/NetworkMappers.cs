using System.Net;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Codecs;

/// <summary>IPv4: the address number as a little-endian UInt32 (192.168.1.10 is <c>0A 01 A8 C0</c>).</summary>
internal readonly struct IPv4Mapper : IValueMapper<uint, IPAddress>
{
    public IPAddress Map(uint raw)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, raw);
        return new IPAddress(bytes);
    }

    public uint Unmap(IPAddress value) => ValueConvert.ToIPv4(value);

    public uint FromObject(object value) => ValueConvert.ToIPv4(value);
}

/// <summary>IPv6: 16 bytes in network order.</summary>
internal readonly struct IPv6Mapper : IValueMapper<Bytes16, IPAddress>
{
    public IPAddress Map(Bytes16 raw) => new(raw);

    public Bytes16 Unmap(IPAddress value)
    {
        Bytes16 raw = default;
        ValueConvert.ToIPv6(value).TryWriteBytes(raw, out _);
        return raw;
    }

    public Bytes16 FromObject(object value) => Unmap(ValueConvert.ToIPv6(value));
}

/// <summary>UUID: the canonical bytes 0–7 reversed, then 8–15 reversed (two little-endian UInt64 halves).</summary>
internal readonly struct UuidMapper : IValueMapper<Bytes16, Guid>
{
    public Guid Map(Bytes16 raw)
    {
        Span<byte> canonical = stackalloc byte[16];
        ReadOnlySpan<byte> wire = raw;
        BinaryPrimitives.WriteUInt64BigEndian(canonical, BinaryPrimitives.ReadUInt64LittleEndian(wire));
        BinaryPrimitives.WriteUInt64BigEndian(canonical[8..], BinaryPrimitives.ReadUInt64LittleEndian(wire[8..]));
        return new Guid(canonical, bigEndian: true);
    }

    public Bytes16 Unmap(Guid value)
    {
        Span<byte> canonical = stackalloc byte[16];
        value.TryWriteBytes(canonical, bigEndian: true, out _);
        Bytes16 raw = default;
        Span<byte> wire = raw;
        BinaryPrimitives.WriteUInt64LittleEndian(wire, BinaryPrimitives.ReadUInt64BigEndian(canonical));
        BinaryPrimitives.WriteUInt64LittleEndian(wire[8..], BinaryPrimitives.ReadUInt64BigEndian(canonical[8..]));
        return raw;
    }

    public Bytes16 FromObject(object value) => Unmap(ValueConvert.ToUuid(value));
}
