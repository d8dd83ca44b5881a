using System.Runtime.ExceptionServices;
using Ja4Data.Core.Diagnostics;
using Ja4Data.Core.Inserts;
using Ja4Data.Core.Pooling;
using Ja4Data.Core.Resilience;
using Ja4Data.Facade;
using Ja4Data.Sql;
using Ja4Data.Types;

namespace Ja4Data;

/// <summary>
/// The facade over a pool of connections: every call leases a connection, runs in the retry pipeline and returns
/// the connection. A retry leases a fresh connection, so the client reconnects by itself after a server restart,
/// and with several hosts it goes to another host first.
/// </summary>
/// <remarks>
/// <para>
/// Transient failures are retried with exponential backoff and jitter (RetryMaxAttempts, RetryBaseDelay,
/// RetryMaxDelay) within RetryTimeout overall; the defaults bridge a server restart of 10 s. Leases and provably
/// read-only statements (SELECT, WITH, SHOW, DESCRIBE, EXISTS, EXPLAIN) are retried after any transient failure; every
/// other statement, whether it comes through Query or Command, only when it certainly did not reach the server; inserts
/// only when no data block left the client. An insert whose data left without an acknowledgement is repeated only when
/// its table drops identical blocks (Replicated*MergeTree, or Distributed over one with a deterministic sharding key;
/// InsertRetryDeduplicated), with the very same blocks; otherwise it fails with
/// <see cref="ClickHouseInsertOutcomeUnknownException"/> and is never repeated blindly. See docs/reliability.md.
/// </para>
/// <para>
/// Cancelling a call's token stops it at the next wait; cancelling an insert after its data left closes the
/// connection and leaves its outcome unknown, like a lost connection.
/// </para>
/// </remarks>
public sealed partial class ClickHouseClient : IClickHouseClient
{
    private const string DistributedSyncSetting = "insert_distributed_sync";

    // Squashing thresholds; 0 and 0 switch squashing off, so each block the client sends is stored as its own part.
    private const string SquashRowsSetting = "min_insert_block_size_rows";
    private const string SquashBytesSetting = "min_insert_block_size_bytes";

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
    internal MultiHostPool Pool => _dataSource.Pool;

    /// <inheritdoc />
    public ClickHouseConnection Connect()
        => Run(CallKind.Read, statement: null, (call, ct) => OpenAsync(call, async: false, ct));

    /// <summary>An open pooled connection; disposing it returns it to the pool.</summary>
    public Task<ClickHouseConnection> ConnectAsync(CancellationToken cancellationToken = default)
        => RunAsync(CallKind.Read, statement: null, (call, ct) => OpenAsync(call, async: true, ct), cancellationToken);

    /// <inheritdoc />
    public QueryResult Query(string query, object? parameters = null)
        => Run(RetryClassifier.KindOfStatement(query), new Statement(query), (call, ct) => QueryCoreAsync(query, parameters, call, async: false, ct));

    /// <inheritdoc />
    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(RetryClassifier.KindOfStatement(query), new Statement(query), (call, ct) => QueryCoreAsync(query, parameters, call, async: true, ct), cancellationToken);

    /// <inheritdoc />
    public object? Command(string query, object? parameters = null)
        => Run(RetryClassifier.KindOfStatement(query), new Statement(query), (call, ct) => CommandCoreAsync(query, parameters, call, async: false, ct));

    /// <inheritdoc />
    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(RetryClassifier.KindOfStatement(query), new Statement(query), (call, ct) => CommandCoreAsync(query, parameters, call, async: true, ct), cancellationToken);

    /// <inheritdoc />
    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null)
    {
        using var batch = Batch(table, data, columnNames);
        return Run(CallKind.Insert, Statement.Insert(table, columnNames), (call, ct) => InsertAttemptAsync(batch, call, async: false, ct));
    }

    /// <inheritdoc />
    public async Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default)
    {
        using var batch = Batch(table, data, columnNames);
        return await RunAsync(CallKind.Insert, Statement.Insert(table, columnNames), (call, ct) => InsertAttemptAsync(batch, call, async: true, ct), cancellationToken);
    }

    /// <summary>
    /// Closes every idle connection now, to every host, and each leased one when it comes back; later calls connect
    /// anew. Over a shared data source this clears the data source's pool (<see cref="ClickHouseDataSource.Clear"/>).
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

    // A retry leases on another host first: the hosts this call failed on come after every other host that is up.
    private async ValueTask<ClickHouseConnection> OpenAsync(ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionCoreAsync(async, cancellationToken, call.FailedHosts);
        call.Host = connection.Connector.Host;
        return connection;
    }

    private async ValueTask<QueryResult> QueryCoreAsync(string query, object? parameters, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(call, async, cancellationToken);
        call.StatementStarted = true;
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(System.Data.CommandBehavior.Default, async, cancellationToken);
        // The decoded blocks are the result (rows materialise on access): about the Native size, not an object per value.
        var blocks = new List<Block>();
        try
        {
            while (await reader.ReadBlockCoreAsync(async, cancellationToken) is { } block)
            {
                blocks.Add(block);
            }
        }
        catch
        {
            blocks.ForEach(b => b.Dispose());
            throw;
        }

        return new QueryResult(reader.ColumnNames, reader.ColumnTypes, new BlockRows(blocks), reader.Summary);
    }

    private async ValueTask<object?> CommandCoreAsync(string query, object? parameters, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(call, async, cancellationToken);
        call.StatementStarted = true;
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(System.Data.CommandBehavior.Default, async, cancellationToken);
        var value = await reader.ReadCoreAsync(async, cancellationToken) && reader.FieldCount > 0 ? reader.GetValueOrNull(0) : null;
        await reader.ConsumeAsync(async);
        // An INSERT returns no rows; it answers with the rows it wrote, where they are known: always for rows the SQL
        // carried (the client sent them), for INSERT ... SELECT from servers that report written rows (revision 54420).
        var known = command.SentInlineRows || connection.ServerRevision >= Protocol.ProtocolRevision.WithClientWriteInfo;
        return value ?? (reader.FieldCount == 0 && known && SqlStatementClassifier.Classify(query) == SqlStatementEffect.Insert ? command.LastSummary?.WrittenRows : null);
    }

    // Rows are materialised once: a retry must send the same rows, and a lazy sequence may not enumerate twice.
    private InsertBatch Batch(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data as IReadOnlyList<IReadOnlyList<object?>> ?? [.. data];
        var token = DeduplicateInserts ? InsertDeduplicationToken.Compute(table, columnNames, Settings.InsertBlockSize, rows) : null;
        return new InsertBatch(table, new InsertPayload(rows, Settings.InsertBlockSize), columnNames, token);
    }

    /// <summary>
    /// One attempt of an insert. What makes a repeat harmless is settled before any data leaves: a deduplication
    /// token where the caller asked for one and the server takes it, else the table's own block deduplication
    /// (<see cref="InsertTargetLookup"/>, when InsertRetryDeduplicated), else nothing. A repeat after an unknown outcome
    /// must be recognised the same way and send the same blocks; when it cannot, the earlier unknown outcome is
    /// surfaced rather than risking the rows twice.
    /// </summary>
    private async ValueTask<long> InsertAttemptAsync(InsertBatch batch, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(call, async, cancellationToken);
        call.Kind = CallKind.Insert;
        Dictionary<string, string>? settings = null;
        var deduplication = InsertDeduplication.None;
        if (batch.DeduplicationToken is { } token && InsertDeduplicationToken.IsSupportedBy(connection.Connector.Server))
        {
            settings = new Dictionary<string, string> { [InsertDeduplicationToken.SettingName] = token };
            deduplication = InsertDeduplication.Token;
        }

        var target = Settings.InsertRetryDeduplicated
            ? await InsertTargetLookup.GetAsync(connection, _dataSource.InsertTargets, batch.Table, async, cancellationToken)
            : null;
        // Omitted columns count too: a server-side now() would make the repeat another block (InsertTarget.WhyNotRepeatable).
        if (target is not null && target.WhyNotRepeatable(batch.Columns) is null)
        {
            deduplication = deduplication == InsertDeduplication.None ? InsertDeduplication.BlockHash : deduplication;
            if (target.IsDistributed)
            {
                // Synchronous: acknowledged once every shard stored its rows, never queued on the initiator, whose queue
                // could replay them after a crash too late for the shard to recognise them (docs/reliability.md).
                (settings ??= [])[DistributedSyncSetting] = "1";
            }
        }

        if (call.UnknownOutcome is { } unknown)
        {
            if (deduplication != call.StoredDeduplication || deduplication == InsertDeduplication.None)
            {
                // Blocks of an earlier attempt may be stored, and this one would not be recognised as their repeat.
                ExceptionDispatchInfo.Throw(unknown);
            }

            if (call.StoredScope is { } scope && target?.Scope != scope)
            {
                // A replica of another shard, say: it would store the rows beside the first attempt's, not drop them.
                throw new ClickHouseConnectionException(
                    $"The insert into {batch.Table} is being repeated after an unknown outcome, and only where its first attempt went ({scope}) "
                    + $"is a repeat recognised; {connection.Connector.Host} writes to {InsertTarget.ScopeText(target)}, so another host is tried.",
                    ClickHouseOutcome.NotExecuted);
            }

            if (deduplication == InsertDeduplication.BlockHash)
            {
                batch.Payload.RequireSameBlocks();
            }
        }

        if (deduplication != InsertDeduplication.None)
        {
            // One part per block, never several blocks squashed into one: 18.16 commits what it has received when a
            // sending connection closes (the client's, or that of a Distributed insert's initiator that died), and a
            // part squashed from part of the blocks matches no part of the repeat, which would then store those rows
            // again. Stored block by block, the repeat's blocks are the first attempt's, and the shard drops each one
            // it has (docs/reliability.md).
            settings ??= [];
            settings[SquashRowsSetting] = "0";
            settings[SquashBytesSetting] = "0";
        }

        call.AttemptScope = target?.Scope;
        call.AttemptDeduplication = deduplication;
        call.Kind = deduplication == InsertDeduplication.None ? CallKind.Insert : CallKind.DeduplicatedInsert;
        call.StatementStarted = true;
        try
        {
            // The caller's token only: an insert is bounded by CommandTimeout, never cut mid-data by the retry deadline.
            return await connection.InsertCoreAsync(batch.Table, batch.Payload, batch.Columns, async, call.CallerToken, settings);
        }
        catch (InsertBlocksChangedException) when (call.UnknownOutcome is { } earlier)
        {
            // This server announced other columns than the one that may have stored the blocks: no identical repeat.
            call.Kind = CallKind.Insert;
            ExceptionDispatchInfo.Throw(earlier);
            throw;
        }
    }

    private static ClickHouseCommand CreateCommand(ClickHouseConnection connection, string query, object? parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = query;
        ParameterObjects.AddTo(command.Parameters, parameters);
        return command;
    }

    // A call with a statement is one operation (span, duration); its attempts are child spans, its retries events.
    private T Run<T>(CallKind kind, Statement? statement, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var operation = statement is null ? null : DbOperation.StartCall(_dataSource.Diagnostics, statement.Sql, statement.Table, statement.OperationName);
        try
        {
            return _executor.Execute(kind, attempt);
        }
        catch (Exception ex)
        {
            operation?.Fail(ex);
            throw;
        }
    }

    private async Task<T> RunAsync<T>(CallKind kind, Statement? statement, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var operation = statement is null ? null : DbOperation.StartCall(_dataSource.Diagnostics, statement.Sql, statement.Table, statement.OperationName);
        try
        {
            return await _executor.ExecuteAsync(kind, attempt, cancellationToken);
        }
        catch (Exception ex)
        {
            operation?.Fail(ex);
            throw;
        }
    }

    private sealed record Statement(string Sql, string? Table = null, string? OperationName = null)
    {
        public static Statement Insert(string table, IReadOnlyList<string>? columnNames) => new(InsertStatement.Build(table, columnNames), table, "INSERT");
    }

    private sealed record InsertBatch(string Table, InsertPayload Payload, IReadOnlyList<string>? Columns, string? DeduplicationToken) : IDisposable
    {
        public void Dispose() => Payload.Dispose();
    }
}
