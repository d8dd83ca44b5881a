namespace Ja4Data;

/// <summary>Block compression requested for queries (the native protocol's per-query compression flag).</summary>
public enum ClickHouseCompression
{
    /// <summary>Blocks travel uncompressed.</summary>
    None,

    /// <summary>LZ4: cheap on CPU, the server's default network codec.</summary>
    Lz4,

    /// <summary>ZSTD: smaller on the wire, more CPU on both ends.</summary>
    Zstd,
}
