namespace Ja4Data;

/// <summary>
/// The documented ja4 data-access facade: the C# twin of the Python library's <c>query</c>, <c>command</c>,
/// <c>insert</c>, <c>close</c> and <c>connect</c>. Implementations are thread-safe.
/// </summary>
/// <remarks>
/// <c>parameters</c> is an <see cref="IReadOnlyDictionary{TKey,TValue}"/>, an <see cref="IDictionary{TKey,TValue}"/>
/// or an anonymous object; placeholders in the query are ClickHouse's <c>{name:Type}</c>. Values are always sent as
/// data, never spliced into SQL unescaped.
/// </remarks>
public interface IClickHouseClient : IDisposable, IAsyncDisposable
{
    /// <summary>An open pooled connection; disposing it returns it to the pool.</summary>
    ClickHouseConnection Connect();

    /// <summary>Runs a query and reads the whole result.</summary>
    QueryResult Query(string query, object? parameters = null);

    /// <summary>Runs a query and reads the whole result.</summary>
    Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs DDL or DML; returns the first value when rows come back, for an INSERT the number of rows written as a
    /// <see cref="long"/> (rows written in the SQL, <c>VALUES (...)</c> or <c>FORMAT</c> data, are sent as blocks on every
    /// server and always counted; INSERT ... SELECT counts as the server reports it, and servers before ClickHouse 19
    /// report nothing: null), otherwise null. See docs/sql.md.
    /// </summary>
    object? Command(string query, object? parameters = null);

    /// <inheritdoc cref="Command"/>
    Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts rows. Every value is checked against the column types the server announces before anything is
    /// sent; a bad value fails the call (naming column, row, expected type and value type) and nothing is written.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null);

    /// <inheritdoc cref="Insert"/>
    Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default);

    /// <summary>Releases every connection; the next call connects again.</summary>
    void Close();
}
