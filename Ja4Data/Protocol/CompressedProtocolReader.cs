using System.Buffers;
using Ja4Data.Protocol.Compression;

namespace Ja4Data.Protocol;

/// <summary>
/// Serves the decompressed bytes of a compressed block body, pulling one frame at a time from the raw reader
/// (docs/protocol.md, "Compression frames"). A block's frames never carry bytes of the next packet, so after a block is parsed this reader
/// must be empty.
/// </summary>
internal sealed class CompressedProtocolReader(ProtocolReader inner) : ProtocolReader
{
    /// <summary>Frames larger than this are refused: servers cut frames at 1 MiB, so this only stops hostile sizes.</summary>
    private const int MaxFrameSize = 128 << 20;

    private byte[] _frame = [];
    private int _frameStart;
    private int _frameEnd;

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

        await inner.EnsureAsync(header.FrameLength, async, cancellationToken);
        if (_frame.Length < header.UncompressedSize)
        {
            if (_frame.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_frame);
            }

            _frame = ArrayPool<byte>.Shared.Rent(header.UncompressedSize);
        }

        CompressedFrame.Decompress(inner.Buffered[..header.FrameLength], header, _frame.AsSpan(0, header.UncompressedSize));
        inner.Advance(header.FrameLength);
        _frameStart = 0;
        _frameEnd = header.UncompressedSize;
    }

    /// <summary>Bytes decoded but not yet consumed, in the frame and in the base buffer.</summary>
    public int PendingCount => BufferedCount + (_frameEnd - _frameStart);

    public override void Dispose()
    {
        if (_frame.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_frame);
            _frame = [];
        }

        base.Dispose();
    }
}
