namespace Ja4Data.Protocol.Compression;

/// <summary>
/// The method byte that follows the checksum of a compressed frame (ClickHouse <c>CompressionMethodByte</c>).
/// Only the codecs a server uses on the network are listed; storage codecs (Delta, T64, ...) never appear there.
/// </summary>
internal enum CompressionMethod : byte
{
    /// <summary>Payload is the raw data.</summary>
    None = 0x02,

    /// <summary>Payload is one raw LZ4 block (no LZ4 frame header), as written by LZ4 and LZ4HC alike.</summary>
    Lz4 = 0x82,

    /// <summary>Payload is one zstd frame.</summary>
    Zstd = 0x90,
}
