namespace Ja4Data.Core.Resilience;

/// <summary>What makes a repeated insert harmless, if anything: the server must recognise the repeat by the same means.</summary>
internal enum InsertDeduplication
{
    /// <summary>Nothing: a repeat after data left could store the rows twice.</summary>
    None,

    /// <summary>A content-derived insert_deduplication_token names the blocks (servers from 22.2).</summary>
    Token,

    /// <summary>The table drops a block whose data it stored recently; the repeat sends byte-identical blocks.</summary>
    BlockHash,
}
