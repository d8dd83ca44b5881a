using System.Buffers.Binary;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>
/// Mutates recorded inputs the way broken peers and hostile ones do: flipped bits, bytes set to edge values, a VarUInt
/// or a fixed-width count set to an extreme, truncation, a chunk deleted, repeated or inserted, a type name replaced
/// (by a hostile one, another input's, or itself nested deeply), and the splice of two inputs of the same target. In compressed inputs it also mutates what a frame decodes to and compresses it again with
/// a valid checksum, so the mutation reaches the block decoder instead of stopping at the checksum. Deterministic for a
/// given <see cref="Random"/> sequence, so that a run is repeated by its seed.
/// </summary>
internal sealed class Mutator(Random random)
{
    /// <summary>Mutated inputs stop growing here: the bounds checked are about what a few bytes claim.</summary>
    public const int MaxLength = 1 << 20;

    private static readonly ulong[] ExtremeCounts =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 65_409, 100_000_000, 100_000_001, (1UL << 31) - 57, int.MaxValue,
        1UL << 31, uint.MaxValue, 1UL << 32, 1UL << 62, (1UL << 62) | 100_000_000, long.MaxValue, 1UL << 63, ulong.MaxValue - 1, ulong.MaxValue,
    ];

    private static readonly byte[] EdgeBytes = [0x00, 0x01, 0x02, 0x7F, 0x80, 0x81, 0xFE, 0xFF];

    // Type names a server could send in place of the recorded one: other shapes, and those whose parameters or nesting
    // a decoder must not trust (negative or huge widths, scales beyond precision, unknown names, deep nesting).
    private static readonly string[] TypeNames =
    [
        "UInt8", "Int64", "UInt256", "Float32", "String", "FixedString(16)", "FixedString(0)", "FixedString(-1)", "FixedString(4294967296)",
        "Date", "Date32", "DateTime('UTC')", "DateTime('No/Such_Zone')", "DateTime64(9, 'UTC')", "DateTime64(19)", "DateTime64(-1)", "Time64(3)",
        "Decimal(9, 2)", "Decimal(76, 76)", "Decimal(38, 80)", "Decimal(0, 0)", "Decimal(77, 1)", "UUID", "IPv4", "IPv6", "Bool", "Nothing",
        "Enum8('a' = 1, 'b' = 2)", "Enum8('a' = 300)", "Enum16('x' = -32768)", "Enum8()", "Nullable(String)", "Nullable(Nullable(UInt8))",
        "Array(UInt256)", "Array(String)", "Array(Nullable(UInt32))", "Tuple(UInt8, String)", "Tuple(a UInt8, b Array(String))", "Tuple()",
        "Map(String, UInt64)", "Map(LowCardinality(String), Array(UInt8))", "LowCardinality(String)", "LowCardinality(Nullable(String))",
        "LowCardinality(UInt64)", "Variant(String, UInt64)", "Variant(Array(UInt8), String, UInt8)", "Dynamic", "Dynamic(max_types=255)",
        "JSON", "JSON(max_dynamic_paths=1000000)", "JSON(a.b UInt32)", "Object('json')", "SimpleAggregateFunction(sum, UInt64)",
        "AggregateFunction(sum, UInt64)", "Nested(a UInt8, b String)", "Interval", "IntervalDay", "Point", "Polygon", "NoSuchType",
        "Array(", "Tuple(UInt8", "Array(UInt8))", string.Empty,
    ];

    private static readonly System.Buffers.SearchValues<byte> TypeNameBytes = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789(), '_=.-/"u8);

    private delegate byte[] Mutation(Mutator self, byte[] input, byte[] other);

    private static readonly (string Name, Mutation Apply)[] Mutations =
    [
        ("flip bits", static (m, input, _) => m.FlipBits(input)),
        ("edge byte", static (m, input, _) => m.SetEdgeByte(input)),
        ("random byte", static (m, input, _) => m.SetRandomByte(input)),
        ("VarUInt extreme", static (m, input, _) => m.SetVarUInt(input)),
        ("fixed-width extreme", static (m, input, _) => m.SetFixedWidth(input)),
        ("truncate", static (m, input, _) => m.Truncate(input)),
        ("delete chunk", static (m, input, _) => m.DeleteChunk(input)),
        ("repeat chunk", static (m, input, _) => m.RepeatChunk(input)),
        ("insert bytes", static (m, input, _) => m.InsertBytes(input)),
        ("splice", static (m, input, other) => m.Splice(input, other)),
        ("type name", static (m, input, other) => m.ReplaceTypeName(input, other)),
    ];

    /// <summary>
    /// One to four mutations of <paramref name="seed"/>; <paramref name="other"/> is another input of the same target,
    /// for splicing. A compressed seed gets its frames' contents mutated half of the time.
    /// </summary>
    public byte[] Mutate(byte[] seed, byte[] other, IReadOnlyList<FrameSpan> frames)
    {
        var bytes = seed;
        if (frames.Count > 0 && random.Next(2) == 0)
        {
            bytes = MutateInsideFrame(seed, frames[random.Next(frames.Count)], other);
            if (random.Next(2) == 0)
            {
                return bytes;
            }
        }

        for (var count = 1 + random.Next(4); count > 0; count--)
        {
            bytes = Mutations[random.Next(Mutations.Length)].Apply(this, bytes, other);
            if (bytes.Length > MaxLength)
            {
                bytes = bytes[..MaxLength];
            }
        }

        return bytes;
    }

    /// <summary>
    /// The compressed frames of <paramref name="input"/>, found by their checksums (a span whose CityHash matches the
    /// 16 bytes before it is a frame): where <see cref="MutateInsideFrame"/> can work on decoded bytes.
    /// </summary>
    public static List<FrameSpan> FindFrames(byte[] input)
    {
        var frames = new List<FrameSpan>();
        var at = 0;
        while (at + CompressedFrame.HeaderSize <= input.Length)
        {
            if (TryFrameAt(input, at, out var header))
            {
                frames.Add(new FrameSpan(at, header));
                at += header.FrameLength;
            }
            else
            {
                at++;
            }
        }

        return frames;
    }

    private static bool TryFrameAt(byte[] input, int at, out CompressedFrameHeader header)
    {
        header = default;
        var method = (CompressionMethod)input[at + CompressedFrame.ChecksumSize];
        if (method is not (CompressionMethod.None or CompressionMethod.Lz4 or CompressionMethod.Zstd))
        {
            return false;
        }

        var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(at + CompressedFrame.ChecksumSize + 1));
        if (compressedSize < 9 || compressedSize > input.Length - at - CompressedFrame.ChecksumSize)
        {
            return false;
        }

        try
        {
            header = CompressedFrame.ReadHeader(input.AsSpan(at, CompressedFrame.HeaderSize));
            CompressedFrame.VerifyChecksum(input.AsSpan(at), header);
            return true;
        }
        catch (ClickHouseProtocolException)
        {
            return false;
        }
    }

    // Decodes the frame, mutates what it held, and writes it back as a valid frame of the same method.
    private byte[] MutateInsideFrame(byte[] input, FrameSpan frame, byte[] other)
    {
        var decoded = new byte[frame.Header.UncompressedSize];
        CompressedFrame.Decompress(input.AsSpan(frame.Offset, frame.Header.FrameLength), frame.Header, decoded);
        for (var count = 1 + random.Next(3); count > 0; count--)
        {
            decoded = Mutations[random.Next(Mutations.Length)].Apply(this, decoded, other);
        }

        if (decoded.Length > CompressedFrame.MaxBlockSize)
        {
            decoded = decoded[..CompressedFrame.MaxBlockSize];
        }

        using var writer = new ProtocolWriter();
        CompressedFrame.Write(decoded, frame.Header.Method, writer);
        return [.. input.AsSpan(0, frame.Offset), .. writer.WrittenSpan, .. input.AsSpan(frame.Offset + frame.Header.FrameLength)];
    }

    private int Position(byte[] input) => input.Length == 0 ? 0 : random.Next(input.Length);

    private byte[] FlipBits(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var bytes = (byte[])input.Clone();
        for (var bits = 1 + random.Next(4); bits > 0; bits--)
        {
            bytes[Position(bytes)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private byte[] SetEdgeByte(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var bytes = (byte[])input.Clone();
        bytes[Position(bytes)] = EdgeBytes[random.Next(EdgeBytes.Length)];
        return bytes;
    }

    private byte[] SetRandomByte(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var bytes = (byte[])input.Clone();
        bytes[Position(bytes)] = (byte)random.Next(256);
        return bytes;
    }

    // Replaces the VarUInt that starts at a random position (any byte starts one) with an extreme count, re-encoded, so
    // the bytes after it stay where a decoder expects them.
    private byte[] SetVarUInt(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var at = Position(input);
        var length = 1;
        while (length < VarInt.MaxLength && at + length <= input.Length && (input[at + length - 1] & 0x80) != 0)
        {
            length++;
        }

        length = Math.Min(length, input.Length - at);
        var value = ExtremeCounts[random.Next(ExtremeCounts.Length)];
        if (random.Next(4) == 0)
        {
            value += (ulong)random.Next(-2, 3);
        }

        Span<byte> encoded = stackalloc byte[VarInt.MaxLength];
        var written = VarInt.Write(encoded, value);
        return [.. input.AsSpan(0, at), .. encoded[..written], .. input.AsSpan(at + length)];
    }

    // Overwrites 2, 4 or 8 bytes (offsets, Int32/Int64 values, string and frame sizes) with an extreme integer.
    private byte[] SetFixedWidth(byte[] input)
    {
        var width = 2 << random.Next(3);
        if (input.Length < width)
        {
            return input;
        }

        var bytes = (byte[])input.Clone();
        var at = random.Next(bytes.Length - width + 1);
        var value = ExtremeCounts[random.Next(ExtremeCounts.Length)];
        if (random.Next(3) == 0)
        {
            value = ~value + 1; // the negative twin
        }

        Span<byte> little = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(little, value);
        little[..width].CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    private byte[] Truncate(byte[] input) => input.Length == 0 ? input : input[..Position(input)];

    private byte[] DeleteChunk(byte[] input)
    {
        if (input.Length < 2)
        {
            return input;
        }

        var at = Position(input);
        var length = 1 + random.Next(Math.Min(64, input.Length - at));
        return [.. input.AsSpan(0, at), .. input.AsSpan(at + length)];
    }

    private byte[] RepeatChunk(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var at = Position(input);
        var length = 1 + random.Next(Math.Min(256, input.Length - at));
        var times = random.Next(4) == 0 ? 1 + random.Next(1000) : 1 + random.Next(4);
        var chunk = input.AsSpan(at, length);
        var result = new List<byte>(input.Length + (chunk.Length * times));
        result.AddRange(input.AsSpan(0, at + length));
        for (var i = 0; i < times && result.Count < MaxLength; i++)
        {
            result.AddRange(chunk);
        }

        result.AddRange(input.AsSpan(at + length));
        return [.. result];
    }

    private byte[] InsertBytes(byte[] input)
    {
        var at = input.Length == 0 ? 0 : random.Next(input.Length + 1);
        var inserted = new byte[1 + random.Next(16)];
        if (random.Next(2) == 0)
        {
            random.NextBytes(inserted);
        }
        else
        {
            Array.Fill(inserted, EdgeBytes[random.Next(EdgeBytes.Length)]);
        }

        return [.. input.AsSpan(0, at), .. inserted, .. input.AsSpan(at)];
    }

    // Replaces a type name on the wire (a length-prefixed string that reads as one) by another: from the list, from the
    // other input, or the same one nested dozens to hundreds of levels deep; the length prefix is re-encoded.
    private byte[] ReplaceTypeName(byte[] input, byte[] other)
    {
        var names = FindTypeNames(input);
        if (names.Count == 0)
        {
            return input;
        }

        var (at, length) = names[random.Next(names.Count)];
        var current = System.Text.Encoding.ASCII.GetString(input, at + 1, length);
        var others = FindTypeNames(other);
        var replacement = random.Next(4) switch
        {
            0 when others.Count > 0 => OtherTypeName(other, others[random.Next(others.Count)]),
            1 => Nest(current, random.Next(4) == 0 ? 1 + random.Next(2000) : 1 + random.Next(40)),
            _ => TypeNames[random.Next(TypeNames.Length)],
        };
        if (replacement.Length > 100_000)
        {
            replacement = replacement[..100_000];
        }

        var bytes = System.Text.Encoding.ASCII.GetBytes(replacement);
        Span<byte> prefix = stackalloc byte[VarInt.MaxLength];
        var written = VarInt.Write(prefix, (ulong)bytes.Length);
        return [.. input.AsSpan(0, at), .. prefix[..written], .. bytes, .. input.AsSpan(at + 1 + length)];
    }

    private static string OtherTypeName(byte[] other, (int At, int Length) name) => System.Text.Encoding.ASCII.GetString(other, name.At + 1, name.Length);

    private string Nest(string type, int depth)
    {
        var wrapper = random.Next(4) switch
        {
            0 => "Array(",
            1 => "Nullable(",
            2 => "Tuple(a ",
            _ => "Map(String, ",
        };
        var builder = new System.Text.StringBuilder((wrapper.Length + 1) * depth + type.Length);
        builder.Insert(0, wrapper, depth).Append(type).Append(')', depth);
        return builder.ToString();
    }

    /// <summary>
    /// Where <paramref name="input"/> holds a type name: a one-byte length (type names are short) followed by that many
    /// bytes that start with a capital letter and contain only what type names contain.
    /// </summary>
    public static List<(int At, int Length)> FindTypeNames(byte[] input)
    {
        var found = new List<(int, int)>();
        for (var at = 0; at + 1 < input.Length; at++)
        {
            int length = input[at];
            if (length is < 4 or > 127 || at + 1 + length > input.Length || input[at + 1] is < (byte)'A' or > (byte)'Z')
            {
                continue;
            }

            var span = input.AsSpan(at + 1, length);
            if (span.IndexOfAnyExcept(TypeNameBytes) < 0 && (span.IndexOf((byte)'(') < 0) == (span.IndexOf((byte)')') < 0))
            {
                found.Add((at, length));
                at += length;
            }
        }

        return found;
    }

    // The start of one input and the rest of another: packets and blocks of one conversation after those of another.
    private byte[] Splice(byte[] input, byte[] other)
    {
        var head = input.Length == 0 ? 0 : random.Next(input.Length + 1);
        var tail = other.Length == 0 ? 0 : random.Next(other.Length + 1);
        return [.. input.AsSpan(0, head), .. other.AsSpan(tail)];
    }
}

/// <summary>A compressed frame inside an input: where it starts and its header.</summary>
internal readonly record struct FrameSpan(int Offset, CompressedFrameHeader Header);
