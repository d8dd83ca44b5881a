namespace Ja4Data.Protocol;

/// <summary>LEB128 variable-length unsigned integers, the protocol's length and count encoding.</summary>
internal static class VarInt
{
    /// <summary>A 64-bit value never needs more than 10 bytes; more is corrupt input.</summary>
    public const int MaxLength = 10;

    public static int Size(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Decodes a VarUInt from the start of <paramref name="source"/>. Returns the bytes consumed, 0 when the source
    /// ends before the value does; throws on an over-long encoding.
    /// </summary>
    public static int TryRead(ReadOnlySpan<byte> source, out ulong value)
    {
        ulong result = 0;
        var limit = Math.Min(source.Length, MaxLength);
        for (var i = 0; i < limit; i++)
        {
            var b = source[i];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                return i + 1;
            }
        }

        if (source.Length >= MaxLength)
        {
            throw new ClickHouseProtocolException("Corrupt VarUInt on the wire: more than 10 bytes long.");
        }

        value = 0;
        return 0;
    }
}
