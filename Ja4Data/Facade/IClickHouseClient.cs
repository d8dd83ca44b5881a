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

    /// <summary>
    /// Runs a query and reads the whole result. The result keeps the decoded columns (about the result's Native size
    /// in memory) and materialises a row as a new array each time <see cref="QueryResult.ResultRows"/> is indexed or
    /// enumerated; to process a large result row by row, stream it (<see cref="QueryStreamAsync"/>).
    /// </summary>
    QueryResult Query(string query, object? parameters = null);

    /// <inheritdoc cref="Query(string, object?)"/>
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

    /// <summary>
    /// Runs a query and reads the whole result as records of <typeparamref name="T"/>: columns map to constructor
    /// parameters and settable members by name (case-insensitive, <c>snake_case</c> to <c>PascalCase</c>,
    /// <c>[Column("name")]</c> to override), values convert as docs/types.md ("Typed records") says. A scalar
    /// <typeparamref name="T"/> (number, string, date, Guid, enum, array...) is read from the first column.
    /// </summary>
    /// <exception cref="ClickHouseMappingException">
    /// T does not fit the result (a constructor parameter without a column, a column that cannot become its member's
    /// type) or a value does not fit its member (NULL into a non-nullable member, a number out of range); the message
    /// names the column, the member, both types and the row.
    /// </exception>
    IReadOnlyList<T> Query<T>(string query, object? parameters = null);

    /// <inheritdoc cref="Query{T}"/>
    Task<IReadOnlyList<T>> QueryAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a query and streams its rows as records of <typeparamref name="T"/> (mapped as <see cref="Query{T}"/>
    /// maps them), block by block: memory is bounded by one block, not by the result. Cancelling
    /// <paramref name="cancellationToken"/> cancels the query on the server; leaving the enumeration early (break,
    /// dispose) cancels it too. Either way the connection goes back to the pool ready for the next call. Failures
    /// before the first row are retried like <see cref="QueryAsync(string, object?, CancellationToken)"/>; once rows
    /// flow, a failure ends the enumeration.
    /// </summary>
    IAsyncEnumerable<T> QueryStreamAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams a query's rows as positional values (mapped as in <see cref="QueryResult.ResultRows"/>), block by block;
    /// each row is a new array the caller may keep. Cancellation as in <see cref="QueryStreamAsync{T}"/>.
    /// </summary>
    IAsyncEnumerable<object?[]> QueryStreamAsync(string query, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts records: their public properties and fields map to the table's columns by the names
    /// <see cref="Query{T}"/> uses; a member without a column fails the call (mark it <c>[NotMapped]</c> to leave it
    /// out); columns without a member are left out of the INSERT, so their defaults apply. Values are encoded column
    /// by column without boxing, in blocks of InsertBlockSize rows; every row is checked before anything is sent, so a
    /// bad value fails the call (<see cref="ClickHouseDataException"/> naming column, row and member) and nothing is
    /// written. Rows that are <c>object?[]</c> or <see cref="IReadOnlyList{T}"/> of <c>object?</c> stay positional
    /// rows: the compiler prefers <see cref="Insert(string, IEnumerable{IReadOnlyList{object?}}, IReadOnlyList{string}?)"/>
    /// for them (this overload has a lower resolution priority), and rows of those types that reach this method anyway
    /// (through generic code) are inserted as that overload inserts them.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    [OverloadResolutionPriority(-1)]
    long Insert<T>(string table, IEnumerable<T> rows);

    /// <inheritdoc cref="Insert{T}(string, IEnumerable{T})"/>
    [OverloadResolutionPriority(-1)]
    Task<long> InsertAsync<T>(string table, IEnumerable<T> rows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts records from an asynchronous sequence as <see cref="Insert{T}(string, IEnumerable{T})"/> does: the
    /// sequence is read to its end first (every row is checked before anything is sent), so memory holds all of it;
    /// for an endless stream use <see cref="ClickHouseConnection.CreateBulkWriterAsync"/>.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    Task<long> InsertAsync<T>(string table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default);

    /// <summary>Releases every connection; the next call connects again.</summary>
    void Close();
}
