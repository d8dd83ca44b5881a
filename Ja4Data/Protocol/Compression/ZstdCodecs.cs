using ZstdSharp;

namespace Ja4Data.Protocol.Compression;

/// <summary>
/// One zstd compressor and decompressor per thread: they are not thread-safe and allocate their work areas
/// (hundreds of KB) on creation, so they are made once per thread and reused for every frame.
/// </summary>
internal static class ZstdCodecs
{
    // ClickHouse's ZSTD codec defaults to level 1 (CompressionCodecZSTD::ZSTD_DEFAULT_LEVEL).
    private const int Level = 1;

    [ThreadStatic]
    private static Compressor? _compressor;

    [ThreadStatic]
    private static Decompressor? _decompressor;

    public static Compressor Compressor => _compressor ??= new Compressor(Level);

    public static Decompressor Decompressor => _decompressor ??= new Decompressor();
}
