using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// SHA-256 over a canonical encoding of values: a type tag, then a fixed-width little-endian or length-prefixed
/// payload. Distinct values (including the same number as int and as long, or "1" and 1) encode differently, and the
/// encoding does not depend on culture, machine or process.
/// </summary>
internal sealed class CanonicalBatchHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private enum Tag : byte
    {
        Null, String, Boolean, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Single, Double, Decimal,
        DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, Guid, Bytes, Char, Int128, UInt128, BigInteger, Half,
        IPAddress, Enum, Sequence, Dictionary, Tuple, DateTime64,
    }

    public void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt64(bytes.Length);
        _hash.AppendData(bytes);
    }

    public void WriteInt64(long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        _hash.AppendData(buffer);
    }

    /// <summary>Appends a length-prefixed run of bytes (an encoded block, whose bytes define its values).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt64(value.Length);
        _hash.AppendData(value);
    }

    /// <summary>Appends <paramref name="value"/>; false when its type has no canonical encoding.</summary>
    public bool TryWriteValue(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                WriteTag(Tag.Null);
                return true;
            case string s:
                WriteTag(Tag.String);
                WriteString(s);
                return true;
            case Enum e:
                WriteTag(Tag.Enum);
                WriteString(e.GetType().FullName!);
                WriteInt64(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture));
                return true;
            case byte[] bytes:
                WriteBytes(Tag.Bytes, bytes);
                return true;
            case ReadOnlyMemory<byte> memory:
                WriteBytes(Tag.Bytes, memory.Span);
                return true;
            case IPAddress address:
                WriteBytes(Tag.IPAddress, address.GetAddressBytes());
                return true;
            case BigInteger big:
                WriteBytes(Tag.BigInteger, big.ToByteArray());
                return true;
            case decimal d:
                WriteTag(Tag.Decimal);
                foreach (var part in decimal.GetBits(d))
                {
                    WriteInt64(part);
                }

                return true;
            case DateTime dt:
                WriteTag(Tag.DateTime);
                WriteInt64(dt.Ticks);
                WriteInt64((long)dt.Kind);
                return true;
            case DateTimeOffset dto:
                WriteTag(Tag.DateTimeOffset);
                WriteInt64(dto.Ticks);
                WriteInt64(dto.Offset.Ticks);
                return true;
            case ClickHouseDateTime64 exact:
                WriteTag(Tag.DateTime64);
                WriteInt64(exact.Units);
                WriteInt64(exact.Precision);
                return true;
            case Guid g:
                Span<byte> guid = stackalloc byte[16];
                g.TryWriteBytes(guid);
                WriteBytes(Tag.Guid, guid);
                return true;
            case IDictionary dictionary:
                WriteTag(Tag.Dictionary);
                WriteInt64(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (!TryWriteValue(entry.Key) || !TryWriteValue(entry.Value))
                    {
                        return false;
                    }
                }

                return true;
            case ITuple tuple:
                WriteTag(Tag.Tuple);
                WriteInt64(tuple.Length);
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (!TryWriteValue(tuple[i]))
                    {
                        return false;
                    }
                }

                return true;
            case IEnumerable sequence:
                return TryWriteSequence(sequence);
            default:
                return TryWriteScalar(value);
        }
    }

    public string HexDigest() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private bool TryWriteSequence(IEnumerable sequence)
    {
        // Items first into a count-prefixed frame: the count is only known after enumerating.
        var items = new List<object?>();
        foreach (var item in sequence)
        {
            items.Add(item);
        }

        WriteTag(Tag.Sequence);
        WriteInt64(items.Count);
        foreach (var item in items)
        {
            if (!TryWriteValue(item))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryWriteScalar(object value)
    {
        Span<byte> buffer = stackalloc byte[16];
        var (tag, length) = value switch
        {
            bool b => (Tag.Boolean, Write(buffer, b ? (byte)1 : (byte)0)),
            sbyte v => (Tag.SByte, Write(buffer, (byte)v)),
            byte v => (Tag.Byte, Write(buffer, v)),
            short v => (Tag.Int16, BinaryPrimitives.TryWriteInt16LittleEndian(buffer, v) ? 2 : 0),
            ushort v => (Tag.UInt16, BinaryPrimitives.TryWriteUInt16LittleEndian(buffer, v) ? 2 : 0),
            char v => (Tag.Char, BinaryPrimitives.TryWriteUInt16LittleEndian(buffer, v) ? 2 : 0),
            int v => (Tag.Int32, BinaryPrimitives.TryWriteInt32LittleEndian(buffer, v) ? 4 : 0),
            uint v => (Tag.UInt32, BinaryPrimitives.TryWriteUInt32LittleEndian(buffer, v) ? 4 : 0),
            long v => (Tag.Int64, BinaryPrimitives.TryWriteInt64LittleEndian(buffer, v) ? 8 : 0),
            ulong v => (Tag.UInt64, BinaryPrimitives.TryWriteUInt64LittleEndian(buffer, v) ? 8 : 0),
            Half v => (Tag.Half, BinaryPrimitives.TryWriteHalfLittleEndian(buffer, v) ? 2 : 0),
            float v => (Tag.Single, BinaryPrimitives.TryWriteSingleLittleEndian(buffer, v) ? 4 : 0),
            double v => (Tag.Double, BinaryPrimitives.TryWriteDoubleLittleEndian(buffer, v) ? 8 : 0),
            Int128 v => (Tag.Int128, BinaryPrimitives.TryWriteInt128LittleEndian(buffer, v) ? 16 : 0),
            UInt128 v => (Tag.UInt128, BinaryPrimitives.TryWriteUInt128LittleEndian(buffer, v) ? 16 : 0),
            DateOnly v => (Tag.DateOnly, BinaryPrimitives.TryWriteInt32LittleEndian(buffer, v.DayNumber) ? 4 : 0),
            TimeOnly v => (Tag.TimeOnly, BinaryPrimitives.TryWriteInt64LittleEndian(buffer, v.Ticks) ? 8 : 0),
            TimeSpan v => (Tag.TimeSpan, BinaryPrimitives.TryWriteInt64LittleEndian(buffer, v.Ticks) ? 8 : 0),
            _ => (Tag.Null, -1),
        };
        if (length < 0)
        {
            return false;
        }

        WriteTag(tag);
        _hash.AppendData(buffer[..length]);
        return true;
    }

    private static int Write(Span<byte> buffer, byte value)
    {
        buffer[0] = value;
        return 1;
    }

    private void WriteTag(Tag tag) => _hash.AppendData([(byte)tag]);

    private void WriteBytes(Tag tag, ReadOnlySpan<byte> bytes)
    {
        WriteTag(tag);
        WriteInt64(bytes.Length);
        _hash.AppendData(bytes);
    }
}
