namespace Ja4Data.Core.Resilience;

/// <summary>What a facade call does to the server: decides which failures may be repeated.</summary>
internal enum CallKind
{
    /// <summary>A query or a connection lease: repeating it changes nothing on the server.</summary>
    Read,

    /// <summary>DDL or DML through Command: may have run once the request left, so repeated only when it certainly did not.</summary>
    Command,

    /// <summary>An insert without a deduplication token: repeated only when no data block left the client.</summary>
    Insert,

    /// <summary>An insert that carries a content-derived insert_deduplication_token: the server drops a repeat.</summary>
    DeduplicatedInsert,
}
