using Ja4Data.Types;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// One INSERT whose data the client sends as Native blocks, on one connector: <see cref="BeginAsync"/> sends the
/// statement and reads the header block the server announces, <see cref="SendAsync(BlockBuffer, bool, CancellationToken)"/>
/// sends data blocks, <see cref="EndAsync"/> sends the end-of-data block and reads the acknowledgement (progress,
/// profile info, profile events and logs on the way, then EndOfStream). Every insert of the library runs through
/// here: <c>ClickHouseConnection.Insert</c>, the bulk writer and a command whose statement turns out to be an INSERT.
/// </summary>
/// <remarks>
/// <para>
/// What a failure means for the data, the rule callers (and the retry classifier) rely on: the server stores blocks one
/// by one as they arrive, so once a data block has left the client any failure - a lost connection, a timeout, an
/// error the server reports after some blocks (memory, a failing materialized view) - may leave a prefix stored. Such
/// failures are thrown as <see cref="ClickHouseInsertOutcomeUnknownException"/>, never as a plain failure a caller
/// could safely repeat. Before any data block left, failures keep their own type and outcome: an INSERT that received
/// no complete data block stores nothing.
/// </para>
/// <para>
/// Cancellation (the token given to <see cref="BeginAsync"/> or to a send, <c>Cancel()</c>) and the statement timeout
/// abort the insert at the next send or at the end by dropping the connection, never by an end-of-data block, which
/// would commit what was sent. After a server error the connection is resynchronised (Ping/Pong) or, where the server
/// closed it (18.x after some errors), discarded. Not thread-safe, like the connector.
/// </para>
/// <para>
/// Every wait on the server is bounded, whichever caller runs the insert, so a silent or stalled server cannot hold
/// it: sending the statement and reading the header, each data block (its send and whatever the server sent
/// meanwhile, even a packet that stops half-way) and the end with its acknowledgement each get CommandTimeout (0: no
/// limit) and end at once when the token given to that call is cancelled, by dropping the connection. A timeout is a
/// <see cref="ClickHouseConnectionException"/> caused by a <see cref="TimeoutException"/>, or, once a data block left,
/// a <see cref="ClickHouseInsertOutcomeUnknownException"/> wrapping it. A streaming insert (the bulk writer) may run
/// far longer than CommandTimeout in all; no single wait may.
/// </para>
/// </remarks>
internal sealed class InsertSession : IDisposable
{
    // What the server is to do in each bounded wait, as "ClickHouse did not ... within N s" says it.
    private const string HeaderWait = "announce the INSERT's columns";
    private const string BlockWait = "take a data block of the INSERT";
    private const string AcknowledgementWait = "acknowledge the end of the INSERT";

    private readonly ClickHouseConnector _connector;
    private readonly ActiveQuery _query;
    private readonly string _table;

    private InsertSession(ClickHouseConnector connector, Block header, string table)
    {
        connector.BeginSendingInsertData();
        _connector = connector;
        _query = connector.CurrentQuery!;
        _table = table;
        Header = header;
    }

    /// <summary>
    /// Sends <paramref name="request"/> (<c>INSERT INTO t (...) VALUES</c> with no data in its text, see
    /// <see cref="InsertStatement.Build"/>) and reads the header block. <paramref name="cancellationToken"/> and the
    /// request's timeout stay armed until the insert ends. <paramref name="table"/> names the target in errors.
    /// </summary>
    public static async ValueTask<InsertSession> BeginAsync(ClickHouseConnector connector, QueryRequest request, string table, bool async, CancellationToken cancellationToken)
    {
        Block header;
        using (connector.BoundInsertWait(HeaderWait, cancellationToken))
        {
            await connector.SendQueryAsync(request, async, cancellationToken);
            header = await connector.ReadBlockAsync(async)
                ?? throw new ClickHouseProtocolException("The server ended the INSERT without announcing its columns; the statement must end with VALUES and carry no data.");
        }

        return new InsertSession(connector, header, table);
    }

    /// <summary>
    /// Takes over a statement that was sent as a command and whose first block, <paramref name="header"/>, announced
    /// insert columns: the server now waits for data blocks.
    /// </summary>
    public static InsertSession Continue(ClickHouseConnector connector, Block header, string table) => new(connector, header, table);

    /// <summary>The target columns and their types, in the server's order, with zero rows. Owned by the session.</summary>
    public Block Header { get; }

    /// <summary>The framing an encoded block for <see cref="SendAsync(ReadOnlyMemory{byte}, int, bool, CancellationToken)"/> must use (it depends on the connection's revision).</summary>
    public BlockFormat Format => _connector.InsertBlockFormat;

    public string QueryId => _query.Request.QueryId;

    /// <summary>Data blocks that left the client.</summary>
    public int BlocksSent => _query.BlocksSent;

    /// <summary>Rows in data blocks that left the client.</summary>
    public long RowsSent => _query.RowsSent;

    /// <summary>True until the insert ended: acknowledged, failed, aborted, or the connection broke.</summary>
    public bool IsRunning => _connector.CurrentQuery == _query && !_connector.IsBroken;

    /// <summary>
    /// Sends the rows of <paramref name="block"/> (built from <see cref="Header"/>) as one data block; a block without
    /// rows is not sent. The block is only read, so the caller may send it again on another session.
    /// </summary>
    public async ValueTask SendAsync(BlockBuffer block, bool async, CancellationToken cancellationToken)
    {
        if (block.RowCount == 0)
        {
            return;
        }

        try
        {
            using (_connector.BoundInsertWait(BlockWait, cancellationToken))
            {
                await _connector.SendInsertBlockAsync(block, async, cancellationToken);
            }
        }
        catch (ClickHouseException ex) when (MayHaveStoredData(ex))
        {
            throw OutcomeUnknown(ex);
        }
    }

    /// <summary>
    /// Sends one data block already encoded (uncompressed; the connection compresses) in <see cref="Format"/> for columns
    /// equal to <see cref="Header"/>'s, holding <paramref name="rows"/> rows; with zero rows nothing is sent. For callers
    /// that encode a batch once and send the same bytes again on a retry.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> nativeBlock, int rows, bool async, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rows == 0)
        {
            return;
        }

        try
        {
            using (_connector.BoundInsertWait(BlockWait, cancellationToken))
            {
                await _connector.SendInsertBlockAsync(nativeBlock, rows, async, cancellationToken);
            }
        }
        catch (ClickHouseException ex) when (MayHaveStoredData(ex))
        {
            throw OutcomeUnknown(ex);
        }
    }

    /// <summary>
    /// Sends the end-of-data block and reads the acknowledgement. Ending before any data block stores nothing and
    /// leaves the connection ready (the way to give up cleanly, for example after a conversion error).
    /// </summary>
    /// <returns>The statement's summary; written rows as the server reported them.</returns>
    public async ValueTask<QuerySummary> EndAsync(bool async, CancellationToken cancellationToken)
    {
        try
        {
            using (_connector.BoundInsertWait(AcknowledgementWait, cancellationToken))
            {
                return await _connector.EndInsertAsync(async, cancellationToken);
            }
        }
        catch (ClickHouseException ex) when (MayHaveStoredData(ex))
        {
            throw OutcomeUnknown(ex);
        }
        catch (OperationCanceledException ex) when (_query.BlocksSent > 0)
        {
            throw new OperationCanceledException(
                $"{ex.Message} {_query.BlocksSent} block(s) with {_query.RowsSent} row(s) had been sent (query id {QueryId}): any prefix of them may be stored; verify before re-sending.",
                ex,
                cancellationToken);
        }
    }

    /// <summary>
    /// Converts every row against <see cref="Header"/> into blocks of <paramref name="blockSize"/> rows, then sends them
    /// and ends the insert (see <see cref="WriteAsync"/>).
    /// </summary>
    /// <returns>The acknowledged summary; its written rows at least the rows sent (servers before revision 54420 report none).</returns>
    public async ValueTask<QuerySummary> WriteAllAsync(
        IEnumerable<IReadOnlyList<object?>> rows, int blockSize, Func<ClickHouseDataException, Exception>? describe, bool async, CancellationToken cancellationToken)
    {
        using var payload = new InsertPayload(rows, blockSize);
        return await WriteAsync(payload, describe, async, cancellationToken);
    }

    /// <summary>
    /// Fits <paramref name="payload"/> to <see cref="Header"/> (see <see cref="InsertPayload.Prepare"/>), sends its
    /// blocks and ends the insert. Nothing is sent before every row converted: a value that does not fit ends the insert
    /// without data (nothing stored, the connection ready) and is thrown, worded by <paramref name="describe"/> when
    /// given (which may add where the value stood in the caller's text).
    /// </summary>
    /// <returns>The acknowledged summary; its written rows at least the rows sent (servers before revision 54420 report none).</returns>
    public async ValueTask<QuerySummary> WriteAsync(
        InsertPayload payload, Func<ClickHouseDataException, Exception>? describe, bool async, CancellationToken cancellationToken)
    {
        await BeforeDataAsync(
            () =>
            {
                payload.Prepare(this);
                return payload;
            },
            describe,
            async);
        await payload.SendAsync(this, async, cancellationToken);
        var summary = await EndAsync(async, cancellationToken);
        return summary with { WrittenRows = Math.Max(summary.WrittenRows, RowsSent) };
    }

    /// <summary>
    /// Runs <paramref name="step"/> (mapping, conversion, encoding) before any data block: if it fails, the insert is
    /// ended without data (nothing stored, the connection ready) and the failure thrown, a
    /// <see cref="ClickHouseDataException"/> worded by <paramref name="describe"/> when given.
    /// </summary>
    public async ValueTask<TResult> BeforeDataAsync<TResult>(Func<TResult> step, Func<ClickHouseDataException, Exception>? describe, bool async)
    {
        try
        {
            return step();
        }
        catch (Exception ex)
        {
            await EndAsync(async, CancellationToken.None);
            if (ex is ClickHouseDataException data && describe is not null)
            {
                throw describe(data);
            }

            throw;
        }
    }

    /// <summary>
    /// Disposes the header. An insert still running is aborted by dropping the connection: an end-of-data block would
    /// commit what was sent.
    /// </summary>
    public void Dispose()
    {
        if (IsRunning)
        {
            _connector.Break(new OperationCanceledException($"The insert (query id {QueryId}) was disposed before it ended."));
        }

        Header.Dispose();
    }

    // A data exception names a bad value before anything of its block was sent; NotExecuted is proof nothing ran.
    private bool MayHaveStoredData(ClickHouseException exception)
        => _query.BlocksSent > 0 && exception is not ClickHouseDataException && exception.Outcome != ClickHouseOutcome.NotExecuted;

    private ClickHouseInsertOutcomeUnknownException OutcomeUnknown(ClickHouseException exception)
        => new(_table, QueryId, _query.RowsSent, _query.BlocksSent, exception);
}
