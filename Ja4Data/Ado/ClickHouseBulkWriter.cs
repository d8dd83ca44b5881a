using Ja4Data.Core;
using Ja4Data.Core.Inserts;
using Ja4Data.Protocol;
using Ja4Data.Types;

namespace Ja4Data;

/// <summary>
/// A streaming insert: rows (or whole typed columns) are converted into a block buffer and sent every
/// <see cref="BlockSize"/> rows, so memory stays bounded by one block whatever the input size. Each block is
/// validated before it is sent and is stored atomically by the server; blocks sent before a failure stay stored
/// (see <see cref="RowsSent"/>). Call <see cref="CompleteAsync"/> to finish; disposing without completing drops the
/// connection so the server stores nothing beyond the blocks already sent.
/// </summary>
/// <remarks>
/// Each wait on the server - the column header when the writer is created, each block sent, the acknowledgement of
/// <see cref="CompleteAsync"/> - is bounded by the CommandTimeout setting and by the token of that call; the writer as
/// a whole may stream for longer. A timeout after a block was sent is a
/// <see cref="ClickHouseInsertOutcomeUnknownException"/>; the connection is then closed (docs/reliability.md, "Deadlines").
/// </remarks>
public sealed class ClickHouseBulkWriter : IAsyncDisposable, IDisposable
{
    private readonly ClickHouseConnection _connection;
    private readonly ClickHouseConnector _connector;
    private readonly InsertSession _session;
    private readonly BlockBuffer _buffer;
    private long _rowIndex;
    private bool _completed;

    private ClickHouseBulkWriter(ClickHouseConnection connection, ClickHouseConnector connector, InsertSession session, int blockSize)
    {
        _connection = connection;
        _connector = connector;
        _session = session;
        _buffer = new BlockBuffer(session.Header);
        BlockSize = blockSize;
    }

    internal static async ValueTask<ClickHouseBulkWriter> StartAsync(ClickHouseConnection connection, string table, IReadOnlyList<string>? columns, int blockSize, bool async, CancellationToken cancellationToken)
    {
        if (blockSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), "The block size must be at least one row.");
        }

        var connector = connection.Connector;
        var session = await InsertSession.BeginAsync(connector, new QueryRequest(InsertStatement.Build(table, columns)), table, async, cancellationToken);
        return new ClickHouseBulkWriter(connection, connector, session, blockSize);
    }

    /// <summary>The target columns, in the order the server announced.</summary>
    public IReadOnlyList<string> ColumnNames => _buffer.Names;

    /// <summary>The ClickHouse types of the target columns.</summary>
    public IReadOnlyList<string> ColumnTypes => _buffer.Types;

    /// <summary>Rows per block.</summary>
    public int BlockSize { get; }

    /// <summary>Rows in blocks that were sent.</summary>
    public long RowsSent { get; private set; }

    /// <summary>Rows buffered and not yet sent.</summary>
    public int BufferedRows => _buffer.RowCount;

    /// <summary>Adds a row; sends a block when <see cref="BlockSize"/> rows are buffered.</summary>
    public ValueTask WriteRowAsync(IReadOnlyList<object?> row, CancellationToken cancellationToken = default) => WriteRowCoreAsync(row, async: true, cancellationToken);

    /// <inheritdoc cref="WriteRowAsync"/>
    public void WriteRow(IReadOnlyList<object?> row) => SyncCompletion.Wait(WriteRowCoreAsync(row, async: false, CancellationToken.None));

    private async ValueTask WriteRowCoreAsync(IReadOnlyList<object?> row, bool async, CancellationToken cancellationToken)
    {
        _buffer.AppendRow(row, _rowIndex++);
        if (_buffer.RowCount >= BlockSize)
        {
            await SendAsync(async, cancellationToken);
        }
    }

    /// <summary>Streams rows from an async source in blocks.</summary>
    public async ValueTask WriteRowsAsync(IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await WriteRowAsync(row, cancellationToken);
        }
    }

    /// <summary>
    /// Appends values to one column of the current block without boxing when <typeparamref name="T"/> is the column's
    /// natural type. Fill every column with the same count, then call <see cref="FlushAsync"/>.
    /// </summary>
    public void AppendColumn<T>(int column, ReadOnlySpan<T> values)
    {
        if ((uint)column >= (uint)_buffer.ColumnCount)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"The insert has {_buffer.ColumnCount} columns.");
        }

        _buffer.AppendColumn(column, values, _rowIndex);
    }

    /// <summary>Sends the buffered rows (or appended columns) as one block.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => SendAsync(async: true, cancellationToken);

    /// <summary>Sends the buffered rows (or appended columns) as one block.</summary>
    public void Flush() => SyncCompletion.Wait(SendAsync(async: false, CancellationToken.None));

    private async ValueTask SendAsync(bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _buffer.SealColumns();
        if (_buffer.RowCount == 0)
        {
            return;
        }

        var rows = _buffer.RowCount;
        try
        {
            await _session.SendAsync(_buffer, async, cancellationToken);
        }
        catch (ClickHouseInsertOutcomeUnknownException)
        {
            _completed = true;
            throw;
        }

        RowsSent += rows;
        _rowIndex = RowsSent;
        _buffer.Clear();
    }

    /// <summary>Sends what is buffered, ends the insert and waits for the server's acknowledgement.</summary>
    /// <returns>Rows written by this writer.</returns>
    public async ValueTask<long> CompleteAsync(CancellationToken cancellationToken = default) => await CompleteCoreAsync(async: true, cancellationToken);

    /// <inheritdoc cref="CompleteAsync"/>
    public long Complete() => SyncCompletion.Result(CompleteCoreAsync(async: false, CancellationToken.None));

    private async ValueTask<long> CompleteCoreAsync(bool async, CancellationToken cancellationToken)
    {
        await SendAsync(async, cancellationToken);
        _completed = true;
        await _session.EndAsync(async, cancellationToken);
        return RowsSent;
    }

    /// <summary>Completes nothing: an unfinished insert is aborted by dropping the connection.</summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _connector.Break(new OperationCanceledException("Bulk insert disposed before CompleteAsync."));
            _connection.Close();
        }

        _buffer.Dispose();
        _session.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
