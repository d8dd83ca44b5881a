using Ja4Data.Core;
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

    // querySettings: extra statement settings (the facade's insert_deduplication_token).
    internal async ValueTask<long> InsertCoreAsync(string table, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<string>? columnNames, bool async, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? querySettings = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var connector = Connector;
        var sql = InsertStatement.Build(table, columnNames);
        // A one-shot insert is a command: CommandTimeout bounds it, so a frozen server ends it instead of hanging it.
        var request = new QueryRequest(sql)
        {
            Settings = querySettings,
            Timeout = _settings.CommandTimeout > TimeSpan.Zero ? _settings.CommandTimeout : Timeout.InfiniteTimeSpan,
        };
        using var session = await InsertSession.BeginAsync(connector, request, table, async, cancellationToken);
        await session.WriteAllAsync(rows, _settings.InsertBlockSize, describe: null, async, cancellationToken);
        return session.RowsSent;
    }
}
