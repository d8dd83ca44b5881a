using System.Collections;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;

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

    // Every fixed-width scalar is its tag and its little-endian bytes; floating-point values hash their exact bits.
    private bool TryWriteScalar(object value) => value switch
    {
        bool b => WriteScalar(Tag.Boolean, (byte)(b ? 1 : 0)),
        sbyte v => WriteScalar(Tag.SByte, v),
        byte v => WriteScalar(Tag.Byte, v),
        short v => WriteScalar(Tag.Int16, v),
        ushort v => WriteScalar(Tag.UInt16, v),
        char v => WriteScalar(Tag.Char, (ushort)v),
        int v => WriteScalar(Tag.Int32, v),
        uint v => WriteScalar(Tag.UInt32, v),
        long v => WriteScalar(Tag.Int64, v),
        ulong v => WriteScalar(Tag.UInt64, v),
        Half v => WriteScalar(Tag.Half, BitConverter.HalfToInt16Bits(v)),
        float v => WriteScalar(Tag.Single, BitConverter.SingleToInt32Bits(v)),
        double v => WriteScalar(Tag.Double, BitConverter.DoubleToInt64Bits(v)),
        Int128 v => WriteScalar(Tag.Int128, v),
        UInt128 v => WriteScalar(Tag.UInt128, v),
        DateOnly v => WriteScalar(Tag.DateOnly, v.DayNumber),
        TimeOnly v => WriteScalar(Tag.TimeOnly, v.Ticks),
        TimeSpan v => WriteScalar(Tag.TimeSpan, v.Ticks),
        _ => false,
    };

    private bool WriteScalar<T>(Tag tag, T value)
        where T : IBinaryInteger<T>
    {
        Span<byte> buffer = stackalloc byte[16];
        var length = value.WriteLittleEndian(buffer);
        WriteTag(tag);
        _hash.AppendData(buffer[..length]);
        return true;
    }

    private void WriteTag(Tag tag) => _hash.AppendData([(byte)tag]);

    private void WriteBytes(Tag tag, ReadOnlySpan<byte> bytes)
    {
        WriteTag(tag);
        WriteInt64(bytes.Length);
        _hash.AppendData(bytes);
    }
}
