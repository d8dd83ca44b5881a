namespace Ja4Data.Tests.Schema;

/// <summary>
/// A client whose answers are scripted: <c>SELECT version()</c> gives <see cref="Version"/>, the history lookup in
/// <c>system.tables</c> gives <see cref="HistoryEngine"/>, <c>system.clusters</c> follows <see cref="KnowsCluster"/> (no row when null), the history itself is empty, and
/// commands succeed unless <see cref="Failures"/> holds exceptions for them. Records every command.
/// </summary>
internal sealed class ScriptedClient : IClickHouseClient
{
    private readonly List<string> _commands = [];

    public string Version { get; init; } = "18.16.1";

    public string? HistoryEngine { get; init; }

    /// <summary>Whether <c>system.clusters</c> lists the cluster asked about.</summary>
    public bool KnowsCluster { get; init; } = true;

    /// <summary>Thrown, in order, by the commands starting with the key; a command succeeds once its queue is empty.</summary>
    public Dictionary<string, Queue<Exception>> Failures { get; } = [];

    public IReadOnlyList<string> Commands => _commands;

    public ClickHouseConnection Connect() => throw new NotSupportedException();

    public QueryResult Query(string query, object? parameters = null) => throw new NotSupportedException();

    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
    {
        if (query == "SELECT version()")
        {
            return Task.FromResult(Result(Version));
        }

        if (query.StartsWith("SELECT count() FROM system.clusters", StringComparison.Ordinal))
        {
            return Task.FromResult(Result(KnowsCluster ? "4" : "0"));
        }

        if (query.StartsWith("SELECT engine FROM system.tables", StringComparison.Ordinal))
        {
            return Task.FromResult(HistoryEngine is null ? Result() : Result(HistoryEngine));
        }

        return query.StartsWith("SELECT version, argMax(name", StringComparison.Ordinal)
            ? Task.FromResult(Result())
            : throw new InvalidOperationException($"Unscripted query: {query}");
    }

    public object? Command(string query, object? parameters = null) => throw new NotSupportedException();

    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
    {
        _commands.Add(query);
        foreach (var (prefix, failures) in Failures)
        {
            if (query.StartsWith(prefix, StringComparison.Ordinal) && failures.TryDequeue(out var failure))
            {
                throw failure;
            }
        }

        return Task.FromResult<object?>(null);
    }

    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null) => throw new NotSupportedException();

    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public IReadOnlyList<T> Query<T>(string query, object? parameters = null) => throw new NotSupportedException();

    public Task<IReadOnlyList<T>> QueryAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<T> QueryStreamAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<object?[]> QueryStreamAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public long Insert<T>(string table, IEnumerable<T> rows) => throw new NotSupportedException();

    public Task<long> InsertAsync<T>(string table, IEnumerable<T> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> InsertAsync<T>(string table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public void Close()
    {
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static QueryResult Result(params string[] firstColumn) =>
        new(["c"], ["String"], firstColumn.Select(v => new object?[] { v }).ToList());
}
