using Ja4Data.Core.Pooling;
using Ja4Data.Core.Resilience;
using Ja4Data.Facade;
using Ja4Data.Types;

namespace Ja4Data;

/// <summary>
/// The facade over a pool of connections: every call leases a connection, runs in the retry pipeline and returns
/// the connection. A retry leases a fresh connection, so the client reconnects by itself after a server restart.
/// </summary>
/// <remarks>
/// <para>
/// Transient failures are retried with exponential backoff and jitter (RetryMaxAttempts, RetryBaseDelay,
/// RetryMaxDelay) within RetryTimeout overall; the defaults bridge a server restart of 10 s. Leases and provably
/// read-only statements (SELECT, WITH, SHOW, DESCRIBE, EXISTS, EXPLAIN) are retried after any transient failure; every
/// other statement, whether it comes through Query or Command, only when it certainly did not reach the server; inserts
/// only when no data block left the client. An insert whose data left without an acknowledgement fails with
/// <see cref="ClickHouseInsertOutcomeUnknownException"/> and is never repeated blindly. See docs/reliability.md.
/// </para>
/// <para>
/// Cancelling a call's token stops it at the next wait; cancelling an insert after its data left closes the
/// connection and leaves its outcome unknown, like a lost connection.
/// </para>
/// </remarks>
public sealed class ClickHouseClient : IClickHouseClient
{
    private readonly ClickHouseDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ResilientExecutor _executor;
    private bool _disposed;

    /// <summary>
    /// Creates a client with a data source of its own, closed when the client is disposed; <paramref name="settings"/>
    /// defaults to <see cref="ClickHouseSettings.Load(string?)"/>.
    /// </summary>
    public ClickHouseClient(ClickHouseSettings? settings = null)
        : this(settings ?? ClickHouseSettings.Load(), timeProvider: null)
    {
    }

    /// <summary>
    /// Creates a client over <paramref name="dataSource"/>, sharing its pool with everything else that uses it. The
    /// data source stays its owner's: disposing the client leaves it open.
    /// </summary>
    public ClickHouseClient(ClickHouseDataSource dataSource)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, timeProvider: null)
    {
    }

    /// <summary>Test seam: the pool's and the pipeline's clock.</summary>
    internal ClickHouseClient(ClickHouseSettings settings, TimeProvider? timeProvider)
        : this(new ClickHouseDataSource(settings, loggerFactory: null, timeProvider), ownsDataSource: true, timeProvider)
    {
    }

    private ClickHouseClient(ClickHouseDataSource dataSource, bool ownsDataSource, TimeProvider? timeProvider)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        Settings = dataSource.Settings;
        _executor = ResilientExecutor.Create(Settings, _dataSource.Pool.Name, timeProvider);
    }

    /// <summary>The settings the client connects with.</summary>
    public ClickHouseSettings Settings { get; }

    /// <summary>
    /// Exactly-once inserts for tables that deduplicate (Replicated*MergeTree, or MergeTree with
    /// non_replicated_deduplication_window &gt; 0): on servers from 22.2 each insert carries a content-derived
    /// insert_deduplication_token, so an insert whose outcome is unknown is repeated and the server stores it once.
    /// Internal until a setting carries it; against older servers inserts behave as without it.
    /// </summary>
    internal bool DeduplicateInserts { get; init; }

    /// <summary>The client's pool, for tests and diagnostics.</summary>
    internal ConnectorPool Pool => _dataSource.Pool;

    /// <inheritdoc />
    public ClickHouseConnection Connect()
        => Run(CallKind.Read, (_, ct) => OpenAsync(async: false, ct));

    /// <summary>An open pooled connection; disposing it returns it to the pool.</summary>
    public Task<ClickHouseConnection> ConnectAsync(CancellationToken cancellationToken = default)
        => RunAsync(CallKind.Read, (_, ct) => OpenAsync(async: true, ct), cancellationToken);

    /// <inheritdoc />
    public QueryResult Query(string query, object? parameters = null)
        => Run(RetryClassifier.KindOfStatement(query), (call, ct) => QueryCoreAsync(query, parameters, call, async: false, ct));

    /// <inheritdoc />
    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(RetryClassifier.KindOfStatement(query), (call, ct) => QueryCoreAsync(query, parameters, call, async: true, ct), cancellationToken);

    /// <inheritdoc />
    public object? Command(string query, object? parameters = null)
        => Run(RetryClassifier.KindOfStatement(query), (call, ct) => CommandCoreAsync(query, parameters, call, async: false, ct));

    /// <inheritdoc />
    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(RetryClassifier.KindOfStatement(query), (call, ct) => CommandCoreAsync(query, parameters, call, async: true, ct), cancellationToken);

    /// <inheritdoc />
    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null)
    {
        var batch = Batch(table, data, columnNames);
        return Run(CallKind.Insert, (call, ct) => InsertAttemptAsync(batch, call, async: false, ct));
    }

    /// <inheritdoc />
    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default)
    {
        var batch = Batch(table, data, columnNames);
        return RunAsync(CallKind.Insert, (call, ct) => InsertAttemptAsync(batch, call, async: true, ct), cancellationToken);
    }

    /// <summary>
    /// Closes every idle connection now and each leased one when it comes back; later calls connect anew. Over a
    /// shared data source this clears the data source's pool (<see cref="ClickHouseDataSource.Clear"/>).
    /// </summary>
    public void Close() => _dataSource.Clear();

    /// <summary>Ends the client; its own data source, if it made one, is disposed with it.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private ValueTask<ClickHouseConnection> OpenAsync(bool async, CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionCoreAsync(async, cancellationToken);

    private async ValueTask<QueryResult> QueryCoreAsync(string query, object? parameters, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(async, cancellationToken);
        call.StatementStarted = true;
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(System.Data.CommandBehavior.Default, async, cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadCoreAsync(async, cancellationToken))
        {
            if (reader.RowsOfBlockStartingHere is { } blockRows)
            {
                MaterializedRows.Check(blockRows, reader.FieldCount, connection.Settings.MaxBlockBytes);
            }

            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetValueOrNull(i);
            }

            rows.Add(row);
        }

        return new QueryResult(reader.ColumnNames, reader.ColumnTypes, rows, reader.Summary);
    }

    private async ValueTask<object?> CommandCoreAsync(string query, object? parameters, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(async, cancellationToken);
        call.StatementStarted = true;
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(System.Data.CommandBehavior.Default, async, cancellationToken);
        var value = await reader.ReadCoreAsync(async, cancellationToken) && reader.FieldCount > 0 ? reader.GetValueOrNull(0) : null;
        await reader.ConsumeAsync(async);
        return value;
    }

    // Rows are materialised once: a retry must send the same rows, and a lazy sequence may not enumerate twice.
    private InsertBatch Batch(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data as IReadOnlyList<IReadOnlyList<object?>> ?? [.. data];
        var token = DeduplicateInserts ? InsertDeduplicationToken.Compute(table, columnNames, Settings.InsertBlockSize, rows) : null;
        return new InsertBatch(table, rows, columnNames, token);
    }

    private async ValueTask<long> InsertAttemptAsync(InsertBatch batch, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(async, cancellationToken);
        Dictionary<string, string>? settings = null;
        call.Kind = CallKind.Insert;
        if (batch.DeduplicationToken is { } token)
        {
            if (InsertDeduplicationToken.IsSupportedBy(connection.Connector.Server))
            {
                settings = new Dictionary<string, string> { [InsertDeduplicationToken.SettingName] = token };
                call.Kind = CallKind.DeduplicatedInsert;
            }
            else if (call.LastFailure is ClickHouseInsertOutcomeUnknownException unknown)
            {
                // The earlier attempt went to a server that took the token; this one would store the batch twice.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unknown);
            }
        }

        call.StatementStarted = true;
        // The caller's token only: an insert is bounded by CommandTimeout, never cut mid-data by the retry deadline.
        return await connection.InsertCoreAsync(batch.Table, batch.Rows, batch.Columns, async, call.CallerToken, settings);
    }

    private static ClickHouseCommand CreateCommand(ClickHouseConnection connection, string query, object? parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = query;
        ParameterObjects.AddTo(command.Parameters, parameters);
        return command;
    }

    private T Run<T>(CallKind kind, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _executor.Execute(kind, attempt);
    }

    private Task<T> RunAsync<T>(CallKind kind, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _executor.ExecuteAsync(kind, attempt, cancellationToken);
    }

    private sealed record InsertBatch(string Table, IReadOnlyList<IReadOnlyList<object?>> Rows, IReadOnlyList<string>? Columns, string? DeduplicationToken);
}
