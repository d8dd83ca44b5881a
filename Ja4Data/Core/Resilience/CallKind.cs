namespace Ja4Data.Core.Resilience;

/// <summary>What a facade call does to the server: decides which failures may be repeated.</summary>
internal enum CallKind
{
    /// <summary>A connection lease, or a provably read-only statement: repeating it changes nothing on the server.</summary>
    Read,

    /// <summary>
    /// Any other statement (DDL, DML, mutations, anything not provably read-only), through Query or Command: may have
    /// run once the request left, so repeated only when it certainly did not.
    /// </summary>
    Command,

    /// <summary>An insert without a deduplication token: repeated only when no data block left the client.</summary>
    Insert,

    /// <summary>An insert that carries a content-derived insert_deduplication_token: the server drops a repeat.</summary>
    DeduplicatedInsert,
}
