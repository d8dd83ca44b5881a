namespace Ja4Data;

/// <summary>Accumulated progress of one query as reported by the server (Progress packets are increments).</summary>
public sealed record QuerySummary
{
    /// <summary>Rows the server read.</summary>
    public long ReadRows { get; init; }

    /// <summary>Uncompressed bytes the server read.</summary>
    public long ReadBytes { get; init; }

    /// <summary>The server's estimate of the rows it has to read in total (0 when unknown).</summary>
    public long TotalRowsToRead { get; init; }

    /// <summary>Rows the server wrote (inserts).</summary>
    public long WrittenRows { get; init; }

    /// <summary>Bytes the server wrote (inserts).</summary>
    public long WrittenBytes { get; init; }

    /// <summary>Wall time from sending the query to the end of its result, measured by the client.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Rows in the result the client received.</summary>
    public long ResultRows { get; init; }

    /// <summary>For queries with LIMIT: the rows there would have been without it (ProfileInfo; 0 when not reported).</summary>
    public long RowsBeforeLimit { get; init; }

    /// <summary>
    /// Server profile counters of the query (ProfileEvents packets, revision 54451 and later; empty for older servers),
    /// for example <c>SelectedRows</c> or <c>NetworkSendBytes</c>: increments summed, gauges at their last value.
    /// </summary>
    public IReadOnlyDictionary<string, long> ProfileEvents { get; init; } = EmptyEvents;

    private static readonly IReadOnlyDictionary<string, long> EmptyEvents = new Dictionary<string, long>();

    /// <summary>Adds a server progress increment.</summary>
    internal QuerySummary Add(in QueryProgress p) => this with
    {
        ReadRows = ReadRows + p.ReadRows,
        ReadBytes = ReadBytes + p.ReadBytes,
        TotalRowsToRead = TotalRowsToRead + p.TotalRowsToRead,
        WrittenRows = WrittenRows + p.WrittenRows,
        WrittenBytes = WrittenBytes + p.WrittenBytes,
    };
}
