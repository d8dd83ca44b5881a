namespace Ja4Data.Tests.Facade;

/// <summary>
/// A substitute for <see cref="IClickHouseClient"/> as the Python library's docs suggest for service tests: canned
/// results for queries, and a record of what was called.
/// </summary>
internal sealed class FakeClickHouseClient : IClickHouseClient
{
    public Func<string, object?, QueryResult> OnQuery { get; init; } = (_, _) => new QueryResult([], [], []);

    public List<string> Calls { get; } = [];

    public List<(string Table, List<IReadOnlyList<object?>> Rows)> Inserts { get; } = [];

    public bool Closed { get; private set; }

    /// <summary>When set, inserts throw it (and record nothing).</summary>
    public Exception? InsertFailure { get; set; }

    public ClickHouseConnection Connect() => throw new NotSupportedException("The fake has no connections.");

    public QueryResult Query(string query, object? parameters = null)
    {
        Calls.Add("query: " + query);
        return OnQuery(query, parameters);
    }

    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => Task.FromResult(Query(query, parameters));

    public object? Command(string query, object? parameters = null)
    {
        Calls.Add("command: " + query);
        return null;
    }

    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => Task.FromResult(Command(query, parameters));

    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null)
    {
        if (InsertFailure is { } failure)
        {
            throw failure;
        }

        var rows = data.ToList();
        lock (Inserts)
        {
            Inserts.Add((table, rows));
        }

        return rows.Count;
    }

    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default)
        => Task.FromResult(Insert(table, data, columnNames));

    public IReadOnlyList<T> Query<T>(string query, object? parameters = null) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public Task<IReadOnlyList<T>> QueryAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public IAsyncEnumerable<T> QueryStreamAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public IAsyncEnumerable<object?[]> QueryStreamAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public long Insert<T>(string table, IEnumerable<T> rows) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public Task<long> InsertAsync<T>(string table, IEnumerable<T> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public Task<long> InsertAsync<T>(string table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fake serves canned QueryResults only.");

    public void Close() => Closed = true;

    public void Dispose() => Close();

    public ValueTask DisposeAsync()
    {
        Close();
        return default;
    }
}
