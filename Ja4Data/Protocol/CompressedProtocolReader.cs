using Ja4Data.Protocol.Compression;

namespace Ja4Data.Protocol;

/// <summary>
/// Serves the decompressed bytes of a compressed block body, pulling one frame at a time from the raw reader
/// (docs/protocol.md, "Compression frames"). A block's frames never carry bytes of the next packet, so after a block
/// is parsed this reader must be empty.
/// </summary>
/// <remarks>
/// A frame is checked before any memory is set aside for it: its sizes against the frame cap and what is left of the
/// block's <see cref="ProtocolReader.MaxBlockBytes"/>, its checksum, and its announced size against what its payload
/// can decode to. Every frame of one statement must use the method of the statement's first frame, as ClickHouse's
/// own reader requires of the streams it receives (docs/reliability.md, "Hostile input").
/// </remarks>
internal sealed class CompressedProtocolReader(ProtocolReader inner) : ProtocolReader
{
    /// <summary>
    /// Frames larger than this are refused. Servers cut frames at 1 MiB (their network buffer size); the cap leaves
    /// room for writers that put a whole block in one frame and only stops hostile sizes.
    /// </summary>
    public const int MaxFrameSize = 128 << 20;

    private byte[] _frame = [];
    private int _frameStart;
    private int _frameEnd;
    private CompressionMethod? _method;

    /// <summary>Bytes decoded but not yet consumed, in the frame and in the base buffer.</summary>
    public int PendingCount => BufferedCount + (_frameEnd - _frameStart);

    /// <summary>Size of the frame buffer, for tests and diagnostics.</summary>
    public int FrameCapacity => _frame.Length;

    /// <summary>Starts a statement: its first frame may use any method the client can decode.</summary>
    public void BeginStatement() => _method = null;

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool async, CancellationToken cancellationToken)
    {
        while (_frameStart == _frameEnd)
        {
            await ReadFrameAsync(async, cancellationToken);
        }

        var n = Math.Min(destination.Length, _frameEnd - _frameStart);
        _frame.AsSpan(_frameStart, n).CopyTo(destination.Span);
        _frameStart += n;
        return n;
    }

    private async ValueTask ReadFrameAsync(bool async, CancellationToken cancellationToken)
    {
        await inner.EnsureAsync(CompressedFrame.HeaderSize, async, cancellationToken);
        var header = CompressedFrame.ReadHeader(inner.Buffered);
        if (header.CompressedSize > MaxFrameSize || header.UncompressedSize > MaxFrameSize)
        {
            throw new ClickHouseProtocolException($"Compressed frame of {header.CompressedSize} bytes ({header.UncompressedSize} uncompressed) exceeds the {MaxFrameSize >> 20} MiB limit.");
        }

        if (header.UncompressedSize > RemainingBlockBytes)
        {
            throw BlockTooLarge(MaxBlockBytes);
        }

        if (_method is { } method && header.Method != method)
        {
            throw new ClickHouseProtocolException(
                $"A compressed frame uses the {header.Method} method after frames of the same statement used {method}; a server compresses one statement's result with one method, so the stream is corrupt.");
        }

        _method = header.Method;

        // The raw reader's buffer grows only as the frame's bytes arrive; nothing is set aside for the decompressed
        // data until the frame is whole, its checksum holds and its payload can decode to the announced size.
        await inner.EnsureAsync(header.FrameLength, async, cancellationToken);
        var frame = inner.Buffered[..header.FrameLength];
        CompressedFrame.VerifyChecksum(frame, header);
        CompressedFrame.CheckDecodedSizeBound(frame, header);
        if (_frame.Length < header.UncompressedSize)
        {
            ConnectionBuffers.Return(_frame);
            _frame = [];
            _frame = ArrayPool<byte>.Shared.Rent(header.UncompressedSize);
        }

        CompressedFrame.DecompressVerified(frame, header, _frame.AsSpan(0, header.UncompressedSize));
        inner.Advance(header.FrameLength);
        _frameStart = 0;
        _frameEnd = header.UncompressedSize;
    }

    public override void ReleaseOversizedBuffer()
    {
        base.ReleaseOversizedBuffer();
        if (_frame.Length > ConnectionBuffers.RetainedLimit && _frameStart == _frameEnd)
        {
            _frame = [];
            _frameStart = _frameEnd = 0;
        }
    }

    public override void Dispose()
    {
        ConnectionBuffers.Return(_frame);
        _frame = [];
        base.Dispose();
    }
}
