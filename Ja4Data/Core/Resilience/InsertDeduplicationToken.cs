using Ja4Data.Protocol.Packets;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// The <c>insert_deduplication_token</c> of a facade insert: a function of the batch's content, so every attempt of
/// one batch carries the same token (the server stores it once) and any other batch carries another one.
/// </summary>
/// <remarks>
/// <para>
/// With a token the server no longer hashes the data: it names part <i>n</i> of the insert <c>token_n</c> and drops a
/// part whose name it has seen within the deduplication window (reliability.md §2.2). A token reused for different
/// rows would silently drop them, hence SHA-256 over a canonical, type-tagged encoding of every value plus the
/// table, the column list and the block size (which fixes the block boundaries, so each retry sends byte-identical
/// blocks). The native block bytes themselves cannot be hashed: they depend on the header the server announces
/// only after the INSERT (which must already carry the token) was sent.
/// </para>
/// <para>
/// Only values whose content is well defined are accepted (numbers, strings, dates, Guid, IPAddress, byte arrays,
/// enums, and arrays, lists, dictionaries and tuples of those); anything else throws rather than risk two different
/// rows hashing alike. Deduplication also needs a table that deduplicates (Replicated*MergeTree, or MergeTree with
/// <c>non_replicated_deduplication_window</c> &gt; 0): the caller asserts that by opting in.
/// </para>
/// </remarks>
internal static class InsertDeduplicationToken
{
    public const string SettingName = "insert_deduplication_token";

    /// <summary>ClickHouse 22.2 introduced the setting; older servers reject it as an unknown setting.</summary>
    public static bool IsSupportedBy(ServerHello server) => server.Major > 22 || (server.Major == 22 && server.Minor >= 2);

    /// <summary>
    /// The token of a batch already encoded as one Native block for known columns (an ingest buffer learns the columns
    /// before it encodes, so here the bytes can be hashed: they fix every value and the block boundary).
    /// </summary>
    public static string ForEncodedBlock(string table, IReadOnlyList<string> columns, IReadOnlyList<string> types, ReadOnlySpan<byte> block)
    {
        using var hasher = new CanonicalBatchHasher();
        hasher.WriteString("ja4data-ingest-v1");
        hasher.WriteString(table);
        hasher.WriteInt64(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            hasher.WriteString(columns[i]);
            hasher.WriteString(types[i]);
        }

        hasher.WriteBytes(block);
        return "ja4data-" + hasher.HexDigest();
    }

    /// <summary>The token for inserting <paramref name="rows"/> into <paramref name="table"/>.</summary>
    /// <exception cref="ArgumentException">A value's type has no canonical encoding.</exception>
    public static string Compute(string table, IReadOnlyList<string>? columns, int blockSize, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        using var hasher = new CanonicalBatchHasher();
        hasher.WriteString("ja4data-insert-v1");
        hasher.WriteString(table);
        hasher.WriteInt64(columns?.Count ?? -1);
        foreach (var column in columns ?? [])
        {
            hasher.WriteString(column);
        }

        hasher.WriteInt64(blockSize);
        hasher.WriteInt64(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"Row {r} is null.", nameof(rows));
            hasher.WriteInt64(row.Count);
            for (var c = 0; c < row.Count; c++)
            {
                if (!hasher.TryWriteValue(row[c]))
                {
                    throw new ArgumentException(
                        $"Row {r}, value {c}: a deduplicated insert derives its token from the values, and values of type {row[c]!.GetType().FullName} " +
                        "have no defined content. Use numbers, strings, dates, Guid, IPAddress, byte arrays, enums, or arrays, lists, dictionaries and tuples of them.",
                        nameof(rows));
                }
            }
        }

        return "ja4data-" + hasher.HexDigest();
    }
}
