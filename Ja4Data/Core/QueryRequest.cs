namespace Ja4Data.Core;

/// <summary>One statement to send: text, id, settings and server-side parameters (escaped text forms).</summary>
internal sealed record QueryRequest(string Sql)
{
    public string QueryId { get; init; } = Guid.NewGuid().ToString();

    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Called for every Progress packet with the accumulated summary.</summary>
    public Action<QuerySummary>? OnProgress { get; init; }

    /// <summary>Time allowed for the whole statement; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>
    /// A one-shot statement such as an insert: <paramref name="commandTimeout"/> (CommandTimeout; zero or less for none)
    /// bounds it, so a frozen server ends it instead of hanging it.
    /// </summary>
    public static QueryRequest Command(string sql, TimeSpan commandTimeout, IReadOnlyDictionary<string, string>? settings = null) => new(sql)
    {
        Settings = settings,
        Timeout = commandTimeout > TimeSpan.Zero ? commandTimeout : System.Threading.Timeout.InfiniteTimeSpan,
    };
}
