using System.Diagnostics;

namespace Ja4Data.Core;

/// <summary>The statement a connector is running: its progress, what was sent, and whether it is being cancelled.</summary>
internal sealed class ActiveQuery(ClickHouseConnector connector, QueryRequest request)
{
    public ClickHouseConnector Connector { get; } = connector;

    public QueryRequest Request { get; } = request;

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public QuerySummary Summary { get; set; } = new();

    public long ResultRows { get; set; }

    /// <summary>The column types of the statement's first data block with columns: every later one must match them.</summary>
    public string[]? ResultTypes { get; set; }

    /// <summary>Data blocks of an insert that left the client (the end-of-data block not counted).</summary>
    public int BlocksSent { get; set; }

    public long RowsSent { get; set; }

    /// <summary>True while only the server writes (result phase): a Cancel packet may then be sent from any thread.</summary>
    public bool Receiving { get; set; }

    public bool CancelRequested { get; set; }

    public bool TimedOut { get; set; }

    public CancellationTokenRegistration CallerRegistration { get; set; }

    public Timer? Timer { get; set; }

    /// <summary>Server profile counters accumulated from ProfileEvents packets.</summary>
    public Dictionary<string, long> ProfileEvents { get; } = new(StringComparer.Ordinal);

    public long RowsBeforeLimit { get; set; }

    public QuerySummary FinalSummary() => Summary with
    {
        Elapsed = Stopwatch.GetElapsedTime(StartedAt),
        ResultRows = ResultRows,
        RowsBeforeLimit = RowsBeforeLimit,
        ProfileEvents = ProfileEvents.Count == 0 ? Summary.ProfileEvents : new Dictionary<string, long>(ProfileEvents, StringComparer.Ordinal),
    };
}
