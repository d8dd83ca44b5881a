using System.Data;
using Ja4Data.Core.Resilience;
using Ja4Data.Facade;
using Ja4Data.Types;
using Ja4Data.Types.Mapping;

namespace Ja4Data;

// Typed records and streaming: rows as the caller's own records (docs/types.md, "Typed records").
public sealed partial class ClickHouseClient
{
    /// <inheritdoc />
    public IReadOnlyList<T> Query<T>(string query, object? parameters = null)
        => Run(CallKind.Read, new Statement(query), (call, ct) => QueryRecordsCoreAsync<T>(query, parameters, call, async: false, ct));

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> QueryAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => RunAsync(CallKind.Read, new Statement(query), (call, ct) => QueryRecordsCoreAsync<T>(query, parameters, call, async: true, ct), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<T> QueryStreamAsync<T>(string query, object? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = await RunAsync(CallKind.Read, statement: null, (call, ct) => OpenStreamAsync(query, parameters, call, ct), cancellationToken);
        if (reader.FieldCount == 0)
        {
            yield break;
        }

        // One record at a time, built as it is handed on: records the caller drops die young (a block's worth held
        // at once would outlive the youngest generation and cost the collector).
        var mapper = RecordMaps.Reader<T>(reader.Columns);
        long firstRow = 0;
        while (await reader.ReadBlockCoreAsync(async: true, cancellationToken) is { } block)
        {
            using (block)
            {
                var records = mapper.Bind(block, firstRow);
                for (var row = 0; row < records.Count; row++)
                {
                    yield return records[row];
                }

                firstRow += block.RowCount;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<object?[]> QueryStreamAsync(string query, object? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = await RunAsync(CallKind.Read, statement: null, (call, ct) => OpenStreamAsync(query, parameters, call, ct), cancellationToken);
        long number = 0;
        while (await reader.ReadBlockCoreAsync(async: true, cancellationToken) is { } block)
        {
            using (block)
            {
                for (var row = 0; row < block.RowCount; row++)
                {
                    yield return BlockRows.Row(block, row, number++);
                }
            }
        }
    }

    /// <inheritdoc />
    [OverloadResolutionPriority(-1)]
    public long Insert<T>(string table, IEnumerable<T> rows)
    {
        if (PositionalRows(rows) is { } positional)
        {
            return Insert(table, positional, columnNames: null);
        }

        using var batch = RecordBatch(table, rows);
        return Run(CallKind.Insert, Statement.Insert(table, columnNames: null), (call, ct) => InsertRecordsAttemptAsync(batch, call, async: false, ct));
    }

    /// <inheritdoc />
    [OverloadResolutionPriority(-1)]
    public async Task<long> InsertAsync<T>(string table, IEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        if (PositionalRows(rows) is { } positional)
        {
            return await InsertAsync(table, positional, columnNames: null, cancellationToken);
        }

        using var batch = RecordBatch(table, rows);
        return await RunAsync(CallKind.Insert, Statement.Insert(table, columnNames: null), (call, ct) => InsertRecordsAttemptAsync(batch, call, async: true, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> InsertAsync<T>(string table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var all = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            all.Add(row);
        }

        return await InsertAsync(table, all, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<T>> QueryRecordsCoreAsync<T>(string query, object? parameters, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(call, async, cancellationToken);
        call.StatementStarted = true;
        var command = CreateCommand(connection, query, parameters);
        await using var reader = await command.ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken);
        var result = new List<T>();
        if (reader.FieldCount > 0)
        {
            var mapper = RecordMaps.Reader<T>(reader.Columns);
            long firstRow = 0;
            while (await reader.ReadBlockCoreAsync(async, cancellationToken) is { } block)
            {
                using (block)
                {
                    var records = mapper.Bind(block, firstRow);
                    for (var row = 0; row < records.Count; row++)
                    {
                        result.Add(records[row]);
                    }

                    firstRow += block.RowCount;
                }
            }
        }

        return result;
    }

    // The statement runs under the caller's token alone: it outlives this attempt and the retry deadline's token.
    private async ValueTask<ClickHouseDataReader> OpenStreamAsync(string query, object? parameters, ResilientCall call, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(call, async: true, cancellationToken);
        try
        {
            call.StatementStarted = true;
            var command = CreateCommand(connection, query, parameters);
            return await command.ExecuteReaderCoreAsync(CommandBehavior.CloseConnection, async: true, call.CallerToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // object?[] and IReadOnlyList<object?> rows keep meaning positional rows, whichever overload the compiler chose.
    private static IEnumerable<IReadOnlyList<object?>>? PositionalRows<T>(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return typeof(IReadOnlyList<object?>).IsAssignableFrom(typeof(T))
            ? rows as IEnumerable<IReadOnlyList<object?>> ?? rows.Select(r => (IReadOnlyList<object?>)r!)
            : null;
    }

    // Rows are materialised once, as for positional inserts: a retry re-encodes only if the table changed meanwhile.
    private RecordInsert<T> RecordBatch<T>(string table, IEnumerable<T> rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new RecordInsert<T>(table, rows as IReadOnlyList<T> ?? [.. rows], Settings.InsertBlockSize);
    }

    private async ValueTask<long> InsertRecordsAttemptAsync<T>(RecordInsert<T> batch, ResilientCall call, bool async, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(call, async, cancellationToken);
        call.Kind = CallKind.Insert;
        call.StatementStarted = true;
        // The caller's token only, as for positional inserts: CommandTimeout bounds the statement.
        return await batch.RunAsync(connection, async, call.CallerToken);
    }
}
