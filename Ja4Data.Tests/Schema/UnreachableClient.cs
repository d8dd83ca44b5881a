namespace Ja4Data.Tests.Schema;

/// <summary>A client that fails any call: proves that code under test rejected its input before talking to a server.</summary>
internal sealed class UnreachableClient : IClickHouseClient
{
    public ClickHouseConnection Connect() => throw Unexpected();

    public QueryResult Query(string query, object? parameters = null) => throw Unexpected();

    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public object? Command(string query, object? parameters = null) => throw Unexpected();

    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null) => throw Unexpected();

    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public IReadOnlyList<T> Query<T>(string query, object? parameters = null) => throw Unexpected();

    public Task<IReadOnlyList<T>> QueryAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public IAsyncEnumerable<T> QueryStreamAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public IAsyncEnumerable<object?[]> QueryStreamAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public long Insert<T>(string table, IEnumerable<T> rows) => throw Unexpected();

    public Task<long> InsertAsync<T>(string table, IEnumerable<T> rows, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<long> InsertAsync<T>(string table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default) => throw Unexpected();

    public void Close()
    {
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static InvalidOperationException Unexpected() => new("The server must not be contacted.");
}
