namespace Ja4Data.Protocol.Compression;

/// <summary>The validated 9-byte header that follows a frame's 16-byte checksum.</summary>
/// <param name="Method">Codec of the payload.</param>
/// <param name="CompressedSize">Header (9 bytes) plus payload length; the checksum is not included.</param>
/// <param name="UncompressedSize">Exact length of the data after decompression.</param>
internal readonly record struct CompressedFrameHeader(CompressionMethod Method, int CompressedSize, int UncompressedSize)
{
    /// <summary>Length of the whole frame on the wire: checksum, header and payload.</summary>
    public int FrameLength => CompressedFrame.ChecksumSize + CompressedSize;
}
