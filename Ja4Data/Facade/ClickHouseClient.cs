using Ja4Data.Core;
using Ja4Data.Core.Resilience;
using Polly;

namespace Ja4Data;

/// <summary>
/// The facade over a pool of connections: every call leases a connection, runs in the retry pipeline and returns
/// the connection. A retry leases a fresh connection, so the client reconnects by itself after a server restart.
/// </summary>
public sealed class ClickHouseClient : IClickHouseClient
{
    private readonly ClickHouseDataSource _dataSource;
    private readonly ResiliencePipeline _pipeline;
    private bool _disposed;

    /// <summary>Creates a client; <paramref name="settings"/> defaults to <see cref="ClickHouseSettings.Load(string?)"/>.</summary>
    public ClickHouseClient(ClickHouseSettings? settings = null)
    {
        Settings = settings ?? ClickHouseSettings.Load();
        _dataSource = new ClickHouseDataSource(Settings);
        _pipeline = ResiliencePipelines.Create(Settings);
    }

    /// <summary>The settings the client connects with.</summary>
    public ClickHouseSettings Settings { get; }

    /// <inheritdoc />
    public ClickHouseConnection Connect()
        => Run(ct => OpenAsync(async: false, ct), idempotent: true);

    /// <summary>An open pooled connection; disposing it returns it to the pool.</summary>
    public Task<ClickHouseConnection> ConnectAsync(CancellationToken cancellationToken = default)
        => RunAsync(ct => OpenAsync(async: true, ct), idempotent: true, cancellationToken);

    /// <inheritdoc />
    public QueryResult Query(string query, object? parameters = null)
        => Run(ct => QueryCoreAsync(query, parameters, async: false, ct), idempotent: true);

    /// <inheritdoc />
    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(ct => QueryCoreAsync(query, parameters, async: true, ct), idempotent: true, cancellationToken);

    /// <inheritdoc />
    public object? Command(string query, object? parameters = null)
        => Run(ct => CommandCoreAsync(query, parameters, async: false, ct), idempotent: false);

    /// <inheritdoc />
    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(ct => CommandCoreAsync(query, parameters, async: true, ct), idempotent: false, cancellationToken);

    /// <inheritdoc />
    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null)
        => Run(ct => InsertCoreAsync(table, data, columnNames, async: false, ct), idempotent: false);

    /// <inheritdoc />
    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default)
        => RunAsync(ct => InsertCoreAsync(table, data, columnNames, async: true, ct), idempotent: false, cancellationToken);

    /// <inheritdoc />
    public void Close() => _dataSource.Pool.Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _dataSource.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private async ValueTask<ClickHouseConnection> OpenAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = new ClickHouseConnection(_dataSource);
        try
        {
            if (async)
            {
                await connection.OpenAsync(cancellationToken);
            }
            else
            {
                connection.Open();
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async ValueTask<QueryResult> QueryCoreAsync(string query, object? parameters, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(async, cancellationToken);
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(System.Data.CommandBehavior.Default, async, cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadCoreAsync(async))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetValueOrNull(i);
            }

            rows.Add(row);
        }

        return new QueryResult(reader.ColumnNames, reader.ColumnTypes, rows, reader.Summary);
    }

    private async ValueTask<object?> CommandCoreAsync(string query, object? parameters, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(async, cancellationToken);
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(System.Data.CommandBehavior.Default, async, cancellationToken);
        var value = await reader.ReadCoreAsync(async) && reader.FieldCount > 0 ? reader.GetValueOrNull(0) : null;
        await reader.ConsumeAsync(async);
        return value;
    }

    private async ValueTask<long> InsertCoreAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(async, cancellationToken);
        return await connection.InsertCoreAsync(table, data, columnNames, async, cancellationToken);
    }

    private static ClickHouseCommand CreateCommand(ClickHouseConnection connection, string query, object? parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = query;
        ParameterObjects.AddTo(command.Parameters, parameters);
        return command;
    }

    private T Run<T>(Func<CancellationToken, ValueTask<T>> call, bool idempotent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(ResiliencePipelines.Idempotent, idempotent);
        try
        {
            // The callback runs the sync path (async: false), so every ValueTask here is already complete.
            return _pipeline.Execute(static (ctx, c) => SyncCompletion.Result(c(ctx.CancellationToken)), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> call, bool idempotent, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePipelines.Idempotent, idempotent);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, c) => c(ctx.CancellationToken), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
