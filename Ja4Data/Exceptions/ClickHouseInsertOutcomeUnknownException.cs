namespace Ja4Data;

/// <summary>
/// Data blocks of an insert left the client but no acknowledgement came back. Some, all or none of the blocks may be
/// stored; Ja4Data does not retry such an insert by itself because that could store rows twice. Check the table
/// (for example by a batch id) and re-send only what is missing.
/// </summary>
/// <param name="table">The target table.</param>
/// <param name="queryId">The query id of the attempt.</param>
/// <param name="rowsSent">Rows that left the client in data blocks.</param>
/// <param name="blocksSent">Data blocks that left the client.</param>
/// <param name="innerException">The failure that ended the wait for the acknowledgement.</param>
public sealed class ClickHouseInsertOutcomeUnknownException(string table, string queryId, long rowsSent, int blocksSent, Exception innerException)
    : ClickHouseException(
        $"The outcome of the insert into {table} is unknown: {blocksSent} block(s) with {rowsSent} row(s) were sent " +
        $"(query id {queryId}) but the server did not acknowledge them ({innerException.Message}). " +
        "Any prefix of those blocks may be stored; verify before re-sending.", innerException)
{
    /// <summary>The target table.</summary>
    public string Table { get; } = table;

    /// <summary>The query id of the attempt, to look up in <c>system.query_log</c>.</summary>
    public string QueryId { get; } = queryId;

    /// <summary>Rows that left the client in data blocks.</summary>
    public long RowsSent { get; } = rowsSent;

    /// <summary>Data blocks that left the client.</summary>
    public int BlocksSent { get; } = blocksSent;

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.Unknown;
}
