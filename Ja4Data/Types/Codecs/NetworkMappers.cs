using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ja4Data.Types.Columns;

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

    public uint Unmap(IPAddress value)
    {
        if (value.IsIPv4MappedToIPv6)
        {
            value = value.MapToIPv4();
        }

        if (value.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new InvalidCastException($"{value} is not an IPv4 address.");
        }

        Span<byte> bytes = stackalloc byte[4];
        value.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public uint FromObject(object value) => value switch
    {
        IPAddress address => Unmap(address),
        string text => Unmap(NetworkParse.Address(text, "IPv4")),
        _ => ValueConvert.ToInteger<uint>(value),
    };
}

/// <summary>IPv6: 16 bytes in network order.</summary>
internal readonly struct IPv6Mapper : IValueMapper<Bytes16, IPAddress>
{
    public IPAddress Map(Bytes16 raw) => new(raw);

    public Bytes16 Unmap(IPAddress value)
    {
        if (value.AddressFamily == AddressFamily.InterNetwork)
        {
            value = value.MapToIPv6();
        }

        Bytes16 raw = default;
        if (value.AddressFamily != AddressFamily.InterNetworkV6 || !value.TryWriteBytes(raw, out _))
        {
            throw new InvalidCastException($"{value} is not an IPv6 address.");
        }

        return raw;
    }

    public Bytes16 FromObject(object value) => value switch
    {
        IPAddress address => Unmap(address),
        string text => Unmap(NetworkParse.Address(text, "IPv6")),
        byte[] { Length: 16 } bytes => Unmap(new IPAddress(bytes)),
        _ => throw ValueConvert.Unsupported(value, "IPv6 (expected IPAddress or string)"),
    };
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

    public Bytes16 FromObject(object value) => value switch
    {
        Guid guid => Unmap(guid),
        string text => Guid.TryParse(text, out var parsed) ? Unmap(parsed) : throw new FormatException($"'{text}' is not a UUID."),
        _ => throw ValueConvert.Unsupported(value, "UUID (expected Guid or string)"),
    };
}

/// <summary>Address parsing with errors that name the column type.</summary>
internal static class NetworkParse
{
    public static IPAddress Address(string text, string type)
        => IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an {type} address.");
}
