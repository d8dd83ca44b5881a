using Ja4Data.Core;
using Ja4Data.Core.Diagnostics;
using Ja4Data.Core.Inserts;
using Ja4Data.Protocol;

namespace Ja4Data;

public sealed partial class ClickHouseConnection
{
    /// <summary>
    /// Inserts rows. All values are converted against the column types the server announces before any block is
    /// sent: a bad value fails the call (naming column, row, expected and actual type) and nothing is written.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<string>? columnNames = null)
        => SyncCompletion.Result(InsertCoreAsync(table, rows, columnNames, async: false, CancellationToken.None));

    /// <inheritdoc cref="Insert"/>
    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default)
        => InsertCoreAsync(table, rows, columnNames, async: true, cancellationToken).AsTask();

    /// <summary>
    /// Starts a streaming insert for ingest services: rows or typed columns are sent in blocks of
    /// <paramref name="blockSize"/> rows (default: the InsertBlockSize setting), never materialising the whole input.
    /// </summary>
    public async Task<ClickHouseBulkWriter> CreateBulkWriterAsync(string table, IReadOnlyList<string>? columnNames = null, int? blockSize = null, CancellationToken cancellationToken = default)
        => await ClickHouseBulkWriter.StartAsync(this, table, columnNames, blockSize ?? _settings.InsertBlockSize, async: true, cancellationToken);

    /// <inheritdoc cref="CreateBulkWriterAsync"/>
    public ClickHouseBulkWriter CreateBulkWriter(string table, IReadOnlyList<string>? columnNames = null, int? blockSize = null)
        => SyncCompletion.Result(ClickHouseBulkWriter.StartAsync(this, table, columnNames, blockSize ?? _settings.InsertBlockSize, async: false, CancellationToken.None));

    internal async ValueTask<long> InsertCoreAsync(string table, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<string>? columnNames, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var payload = new InsertPayload(rows, _settings.InsertBlockSize);
        return await InsertCoreAsync(table, payload, columnNames, async, cancellationToken);
    }

    /// <summary>
    /// Inserts the blocks of <paramref name="payload"/>, encoding them for the announced header first if they are not
    /// yet (see <see cref="InsertPayload.Prepare"/>); the facade keeps one payload across the attempts of a call.
    /// <paramref name="querySettings"/>: extra statement settings (the facade's insert_deduplication_token,
    /// insert_distributed_sync).
    /// </summary>
    internal async ValueTask<long> InsertCoreAsync(
        string table,
        InsertPayload payload,
        IReadOnlyList<string>? columnNames,
        bool async,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? querySettings = null)
    {
        var connector = Connector;
        var sql = InsertStatement.Build(table, columnNames);
        var request = QueryRequest.Command(sql, _settings.CommandTimeout, querySettings);
        using var operation = DbOperation.Start(DataSourceInstance.Diagnostics, sql, request.QueryId, collection: table, operationName: "INSERT");
        try
        {
            using var session = await InsertSession.BeginAsync(connector, request, table, async, cancellationToken);
            await session.WriteAsync(payload, describe: null, async, cancellationToken);
            var rowsSent = session.RowsSent;
            operation.End(connector.LastSummary);
            return rowsSent;
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }
}
