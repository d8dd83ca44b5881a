using System.Net;
using System.Net.Sockets;

namespace Ja4Data.Types.Conversion;

/// <summary>UUID, IPv4 and IPv6: their .NET types, their text, and the number or bytes ClickHouse stores.</summary>
internal static partial class ValueConvert
{
    /// <summary>UUID: a Guid or its text.</summary>
    public static Guid ToUuid(object value) => value switch
    {
        Guid guid => guid,
        string text => Guid.TryParse(text, out var parsed) ? parsed : throw new FormatException($"'{text}' is not a UUID."),
        _ => throw Unsupported(value, "UUID", "a Guid or its text"),
    };

    /// <summary>IPv4: the address as its UInt32 number (192.168.1.10 is 0xC0A8010A), from an IPAddress, its text or the number.</summary>
    public static uint ToIPv4(object value) => value switch
    {
        IPAddress address => ToIPv4(address),
        string text => ToIPv4(ParseAddress(text, "IPv4")),
        _ when AsInteger(value) is not null => ToInteger<uint>(value),
        _ => throw Unsupported(value, "IPv4", "an IPAddress, its text or its UInt32 number"),
    };

    /// <summary>An IPv4 address, or an IPv4 address mapped into IPv6 (<c>::ffff:1.2.3.4</c>), as its number.</summary>
    public static uint ToIPv4(IPAddress value)
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

    /// <summary>IPv6: an IPv6 address (IPv4 addresses mapped, <c>::ffff:1.2.3.4</c>), from an IPAddress, its text or 16 bytes.</summary>
    public static IPAddress ToIPv6(object value) => value switch
    {
        IPAddress address => ToIPv6(address),
        string text => ToIPv6(ParseAddress(text, "IPv6")),
        byte[] { Length: 16 } bytes => new IPAddress(bytes),
        _ => throw Unsupported(value, "IPv6", "an IPAddress, its text or 16 bytes"),
    };

    public static IPAddress ToIPv6(IPAddress value) => value.AddressFamily switch
    {
        AddressFamily.InterNetwork => value.MapToIPv6(),
        AddressFamily.InterNetworkV6 => value,
        _ => throw new InvalidCastException($"{value} is not an IPv6 address."),
    };

    private static IPAddress ParseAddress(string text, string type)
        => IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an {type} address.");
}
