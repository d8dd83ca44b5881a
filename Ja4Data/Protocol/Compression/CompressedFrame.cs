using K4os.Compression.LZ4;
using ZstdSharp;

namespace Ja4Data.Protocol.Compression;

/// <summary>
/// ClickHouse's compressed frame (CompressedWriteBuffer / CompressedReadBufferBase):
/// <c>[16 checksum][1 method][UInt32 compressed size][UInt32 uncompressed size][payload]</c>, where the checksum is
/// CityHash128 v1.0.2 of everything after it (low half first) and the compressed size counts the 9 header bytes.
/// </summary>
internal static class CompressedFrame
{
    /// <summary>Length of the CityHash128 checksum that starts every frame.</summary>
    public const int ChecksumSize = 16;

    /// <summary>Checksum plus method byte and the two sizes: what must be read before the payload length is known.</summary>
    public const int HeaderSize = ChecksumSize + MethodAndSizesSize;

    /// <summary>Largest input per frame a writer produces (the servers' DBMS_DEFAULT_BUFFER_SIZE).</summary>
    public const int MaxBlockSize = 1 << 20;

    /// <summary>The servers reject a compressed size above this (CompressedReadBufferBase); so do we.</summary>
    public const int MaxCompressedSize = 1 << 30;

    /// <summary>Cap on the announced uncompressed size, so a hostile header cannot make a reader allocate more.</summary>
    public const int MaxUncompressedSize = 1 << 30;

    public const int MethodAndSizesSize = 9;

    /// <summary>
    /// Appends one complete frame (checksum, header, payload) holding <paramref name="data"/> to
    /// <paramref name="output"/>. Callers split their input at <see cref="MaxBlockSize"/>.
    /// </summary>
    public static void Write(ReadOnlySpan<byte> data, CompressionMethod method, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MaxBlockSize, nameof(data));

        var bound = method switch
        {
            CompressionMethod.None => data.Length,
            CompressionMethod.Lz4 => LZ4Codec.MaximumOutputSize(data.Length),
            CompressionMethod.Zstd => Compressor.GetCompressBound(data.Length),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unsupported compression method."),
        };

        var frame = output.GetSpan(HeaderSize + bound);
        var payload = frame.Slice(HeaderSize, bound);
        var payloadLength = method switch
        {
            CompressionMethod.None => Copy(data, payload),
            CompressionMethod.Lz4 => EncodeLz4(data, payload),
            _ => ZstdCodecs.Compressor.Wrap(data, payload),
        };

        // The bound above guarantees room, so a negative length can only be a codec bug.
        if (payloadLength < 0)
        {
            throw new InvalidOperationException($"{method} compression of {data.Length} bytes failed.");
        }

        var compressedSize = MethodAndSizesSize + payloadLength;
        frame[ChecksumSize] = (byte)method;
        BinaryPrimitives.WriteInt32LittleEndian(frame[(ChecksumSize + 1)..], compressedSize);
        BinaryPrimitives.WriteInt32LittleEndian(frame[(ChecksumSize + 5)..], data.Length);

        var checksum = CityHash102.CityHash128(frame.Slice(ChecksumSize, compressedSize));
        BinaryPrimitives.WriteUInt64LittleEndian(frame, (ulong)checksum);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], (ulong)(checksum >> 64));
        output.Advance(ChecksumSize + compressedSize);
    }

    /// <summary>
    /// Validates the first <see cref="HeaderSize"/> bytes of a frame: a known method, a compressed size the servers
    /// accept and an uncompressed size under the cap (equal to the payload length for <see cref="CompressionMethod.None"/>).
    /// </summary>
    /// <exception cref="ClickHouseProtocolException">The header is short or names an impossible frame.</exception>
    public static CompressedFrameHeader ReadHeader(ReadOnlySpan<byte> first25Bytes)
    {
        if (first25Bytes.Length < HeaderSize)
        {
            throw Corrupt($"header is truncated: {first25Bytes.Length} of {HeaderSize} bytes");
        }

        var methodByte = first25Bytes[ChecksumSize];
        var method = (CompressionMethod)methodByte;
        if (method is not (CompressionMethod.None or CompressionMethod.Lz4 or CompressionMethod.Zstd))
        {
            throw Corrupt(FormattableString.Invariant($"unknown compression method byte 0x{methodByte:X2}"));
        }

        var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(first25Bytes[(ChecksumSize + 1)..]);
        if (compressedSize is < MethodAndSizesSize or > MaxCompressedSize)
        {
            throw Corrupt(FormattableString.Invariant(
                $"compressed size {compressedSize} is outside {MethodAndSizesSize}..{MaxCompressedSize}"));
        }

        var uncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(first25Bytes[(ChecksumSize + 5)..]);
        if (uncompressedSize > MaxUncompressedSize)
        {
            throw Corrupt(FormattableString.Invariant(
                $"uncompressed size {uncompressedSize} is above the {MaxUncompressedSize}-byte limit"));
        }

        if (method == CompressionMethod.None && compressedSize - MethodAndSizesSize != uncompressedSize)
        {
            throw Corrupt(FormattableString.Invariant(
                $"uncompressed size {uncompressedSize} of a method-None frame differs from its payload length {compressedSize - MethodAndSizesSize}"));
        }

        return new CompressedFrameHeader(method, (int)compressedSize, (int)uncompressedSize);
    }

    /// <summary>
    /// Verifies the checksum of <paramref name="frame"/> (the whole frame, <see cref="CompressedFrameHeader.FrameLength"/>
    /// bytes) before touching the payload, then decompresses it into <paramref name="destination"/>, which must be
    /// exactly <see cref="CompressedFrameHeader.UncompressedSize"/> bytes long.
    /// </summary>
    /// <exception cref="ClickHouseProtocolException">The frame is truncated, fails its checksum or does not decode
    /// to exactly the announced size.</exception>
    public static void Decompress(ReadOnlySpan<byte> frame, in CompressedFrameHeader header, Span<byte> destination)
    {
        VerifyChecksum(frame, header);
        DecompressVerified(frame, header, destination);
    }

    /// <summary>Checks that <paramref name="frame"/> is whole and that its checksum matches its contents.</summary>
    /// <exception cref="ClickHouseProtocolException">The frame is truncated or fails its checksum.</exception>
    public static void VerifyChecksum(ReadOnlySpan<byte> frame, in CompressedFrameHeader header)
    {
        if (frame.Length < header.FrameLength)
        {
            throw Corrupt(FormattableString.Invariant($"frame is truncated: {frame.Length} of {header.FrameLength} bytes"));
        }

        frame = frame[..header.FrameLength];
        var expected = new UInt128(
            BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(frame));
        var actual = CityHash102.CityHash128(frame[ChecksumSize..]);
        if (expected != actual)
        {
            throw Corrupt(FormattableString.Invariant(
                $"checksum mismatch in a {header.Method} frame of {header.FrameLength} bytes: frame says {Hex(expected)}, data hashes to {Hex(actual)}"));
        }
    }

    /// <summary>
    /// Checks, before any memory is set aside for it, that the frame's payload can decode to its announced size: an
    /// LZ4 block expands at most 255 times (a sequence of n bytes encodes a match of at most 255 n bytes), and a zstd
    /// frame at most to what its block headers allow.
    /// </summary>
    /// <exception cref="ClickHouseProtocolException">The announced size is more than the payload can hold.</exception>
    public static void CheckDecodedSizeBound(ReadOnlySpan<byte> frame, in CompressedFrameHeader header)
    {
        var payload = frame[HeaderSize..header.FrameLength];
        var bound = header.Method switch
        {
            CompressionMethod.None => payload.Length,
            CompressionMethod.Lz4 => 255L * payload.Length,
            _ => ZstdBound(payload, header),
        };

        if (header.UncompressedSize > bound)
        {
            throw Corrupt(FormattableString.Invariant(
                $"a {header.Method} payload of {payload.Length} bytes cannot decode to the announced {header.UncompressedSize} bytes (at most {bound})"));
        }
    }

    /// <summary>Decompresses a frame whose checksum <see cref="VerifyChecksum"/> accepted.</summary>
    /// <exception cref="ClickHouseProtocolException">The payload does not decode to exactly the announced size.</exception>
    public static void DecompressVerified(ReadOnlySpan<byte> frame, in CompressedFrameHeader header, Span<byte> destination)
    {
        // Frame and destination sizes are the caller's bookkeeping, checked only after the wire bytes have been
        // vouched for, so that a corrupted size field is reported as corruption rather than as a caller error.
        ArgumentOutOfRangeException.ThrowIfNotEqual(frame.Length, header.FrameLength, nameof(frame));
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, header.UncompressedSize, nameof(destination));

        var payload = frame[HeaderSize..];
        var written = header.Method switch
        {
            CompressionMethod.None => Copy(payload, destination),
            CompressionMethod.Lz4 => DecodeLz4(payload, destination),
            _ => DecodeZstd(payload, destination, header),
        };

        if (written != destination.Length)
        {
            throw Corrupt(FormattableString.Invariant(
                $"{header.Method} payload of {payload.Length} bytes decoded to {(written < 0 ? "an error" : written.ToString(CultureInfo.InvariantCulture) + " bytes")}, expected {header.UncompressedSize} bytes"));
        }
    }

    private static long ZstdBound(ReadOnlySpan<byte> payload, in CompressedFrameHeader header)
    {
        try
        {
            return (long)Math.Min(Decompressor.GetDecompressedSize(payload), long.MaxValue);
        }
        catch (ZstdException ex)
        {
            throw Corrupt(FormattableString.Invariant($"ZSTD payload of {payload.Length} bytes is not a zstd frame ({ex.Message}), announced as {header.UncompressedSize} bytes"), ex);
        }
    }

    // K4os encodes empty input as nothing at all; the reference LZ4 (and so ClickHouse) writes one empty-literal token.
    // Emit the token, so that every LZ4 decoder sees a well-formed block.
    private static int EncodeLz4(ReadOnlySpan<byte> data, Span<byte> payload)
    {
        if (!data.IsEmpty)
        {
            return LZ4Codec.Encode(data, payload);
        }

        payload[0] = 0;
        return 1;
    }

    // K4os rejects any block when the destination is empty, so the empty block is recognised here.
    private static int DecodeLz4(ReadOnlySpan<byte> payload, Span<byte> destination) =>
        destination.IsEmpty
            ? (payload is [] or [0] ? 0 : -1)
            : LZ4Codec.Decode(payload, destination);

    private static int DecodeZstd(ReadOnlySpan<byte> payload, Span<byte> destination, in CompressedFrameHeader header)
    {
        try
        {
            return ZstdCodecs.Decompressor.Unwrap(payload, destination);
        }
        catch (ZstdException ex)
        {
            throw Corrupt(FormattableString.Invariant(
                $"ZSTD payload of {payload.Length} bytes does not decode to {header.UncompressedSize} bytes ({ex.Message})"), ex);
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    // Low and high halves in wire order, so the text matches a hex dump of the frame's first 16 bytes read as two LE words.
    private static string Hex(UInt128 value) =>
        FormattableString.Invariant($"low 0x{(ulong)value:x16} high 0x{(ulong)(value >> 64):x16}");

    private static ClickHouseProtocolException Corrupt(string detail, Exception? inner = null) =>
        new($"Corrupt compressed frame: {detail}.", inner);
}
