using System.Text;
using Ja4Data.Protocol;

namespace Ja4Data.Tests.Support;

/// <summary>Builds expected wire bytes field by field, straight from the protocol tables (not from our encoder).</summary>
internal sealed class WireBytes
{
    private readonly List<byte> _bytes = [];

    public WireBytes Hex(string hex)
    {
        _bytes.AddRange(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        return this;
    }

    public WireBytes Var(ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            _bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return this;
    }

    public WireBytes Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        Var((ulong)utf8.Length);
        _bytes.AddRange(utf8);
        return this;
    }

    public WireBytes Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public WireBytes Int32(int value)
    {
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    public WireBytes UInt64(ulong value)
    {
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    public static StreamProtocolReader Reader(byte[] bytes, bool trickle = false)
        => new(trickle ? new TrickleStream(bytes) : new MemoryStream(bytes));
}
