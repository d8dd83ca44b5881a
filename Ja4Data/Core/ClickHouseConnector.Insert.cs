using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;
using Ja4Data.Types;

namespace Ja4Data.Core;

// The wire side of an INSERT whose data the client sends as Native blocks. Inserts.InsertSession is its one caller: it
// owns the sequence (begin, header, blocks, end, acknowledgement) and the outcome rules; the connector owns the bytes,
// the statement's bookkeeping and the abort by dropping the connection.
internal sealed partial class ClickHouseConnector
{
    /// <summary>The block framing of this connection's revision: what an encoded insert block must be written in.</summary>
    public BlockFormat InsertBlockFormat => TcpFormat;

    /// <summary>
    /// Bounds one wait of an insert on the server - sending the statement and reading the header block, sending a data
    /// block and reading what the server sent meanwhile, sending the end of data and reading the acknowledgement - by
    /// CommandTimeout (when not 0) and by <paramref name="cancellationToken"/>. Either ends the wait by breaking the
    /// connector, which any blocked read or write then notices; the failure then names the wait (see
    /// <see cref="ConnectionLost"/>). A silent server, or one that stops half-way through a packet, cannot hold an
    /// insert longer. Null when there is nothing to bound.
    /// </summary>
    /// <param name="waitingFor">What the server is to do, completing "ClickHouse did not ... within N s".</param>
    /// <param name="cancellationToken">The caller's token for this wait.</param>
    public SocketDeadline? BoundInsertWait(string waitingFor, CancellationToken cancellationToken)
    {
        var timeout = Settings.CommandTimeout;
        if (timeout <= TimeSpan.Zero && !cancellationToken.CanBeCanceled)
        {
            return null;
        }

        return new SocketDeadline(timeout, _ => Break(cancellationToken.IsCancellationRequested
            ? new InsertWaitCancelledException($"The INSERT was cancelled while waiting for ClickHouse at {Endpoint} to {waitingFor}; the connection was closed.", cancellationToken)
            : new InsertWaitExpiredException($"ClickHouse at {Endpoint} did not {waitingFor} within {timeout.TotalSeconds:0.###} s (CLICKHOUSE_COMMAND_TIMEOUT / CommandTimeout); the connection was closed.")), null, cancellationToken);
    }

    /// <summary>
    /// Called once the header block of an INSERT was read: from here the client writes, so a Cancel packet would race
    /// with data blocks and cancellation only flags the statement (the next send or the end aborts it).
    /// </summary>
    public void BeginSendingInsertData() => (_query ?? throw new InvalidOperationException("No INSERT is running on this connection.")).Receiving = false;

    /// <summary>Sends one data block encoded from <paramref name="block"/> (at least one row).</summary>
    public async ValueTask SendInsertBlockAsync(BlockBuffer block, bool async, CancellationToken cancellationToken)
    {
        var query = RunningInsertOrAbort(cancellationToken);
        WriteBlockPacket(static (w, format, b) => BlockWriter.Write(w, format, b.Names, b.Types, b.Builders, b.RowCount), block);
        await FlushInsertBlockAsync(query, block.RowCount, async);
    }

    /// <summary>Sends one data block already encoded in <see cref="InsertBlockFormat"/>, holding <paramref name="rows"/> rows.</summary>
    public async ValueTask SendInsertBlockAsync(ReadOnlyMemory<byte> nativeBlock, int rows, bool async, CancellationToken cancellationToken)
    {
        var query = RunningInsertOrAbort(cancellationToken);
        WriteBlockPacket(nativeBlock.Span);
        await FlushInsertBlockAsync(query, rows, async);
    }

    /// <summary>
    /// Flushes the data block just written. Between blocks it reads what the server sent meanwhile (profile events,
    /// progress, or an exception that ends the insert early), so neither side blocks on a full socket buffer.
    /// </summary>
    private async ValueTask FlushInsertBlockAsync(ActiveQuery query, int rows, bool async)
    {
        try
        {
            await _writer.FlushAsync(_stream, async, CancellationToken.None);
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EndStatement();
            throw InsertConnectionLost(query, ex);
        }

        query.BlocksSent++;
        query.RowsSent += rows;
        try
        {
            await AbsorbPendingAsync(async);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            EndStatement();
            throw InsertConnectionLost(query, ReadFailureCause(ex));
        }
    }

    /// <summary>
    /// The running insert, unless it was cancelled or timed out: then it is aborted by dropping the connection, never
    /// by an end-of-data block, which would commit what was sent.
    /// </summary>
    private ActiveQuery RunningInsertOrAbort(CancellationToken cancellationToken)
    {
        var query = _query ?? throw new InvalidOperationException("No INSERT is running on this connection.");
        if (!query.CancelRequested && !cancellationToken.IsCancellationRequested)
        {
            return query;
        }

        Break(new OperationCanceledException());
        EndStatement();
        throw query.TimedOut
            ? CancelledOrTimedOut(query, null)
            : new OperationCanceledException($"The insert (query id {query.Request.QueryId}) was cancelled after {query.BlocksSent} block(s); the connection was closed so nothing more is committed.", cancellationToken);
    }

    /// <summary>Sends the end-of-data block and waits for the server to acknowledge the insert.</summary>
    public async ValueTask<QuerySummary> EndInsertAsync(bool async, CancellationToken cancellationToken)
    {
        var query = RunningInsertOrAbort(cancellationToken);
        WriteEmptyBlock();
        try
        {
            await _writer.FlushAsync(_stream, async, CancellationToken.None);
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            EndStatement();
            throw InsertConnectionLost(query, ex);
        }

        query.Receiving = true;
        var summary = query.FinalSummary();
        while (await ReadBlockAsync(async) is { } block)
        {
            block.Dispose();
        }

        return summary with { WrittenRows = Math.Max(summary.WrittenRows, query.Summary.WrittenRows) };
    }

    // A write that failed because the command timeout (or the caller) dropped the connection says so, rather than
    // "connection lost": a timed-out insert is a ClickHouseConnectionException with an unknown outcome either way.
    private Exception InsertConnectionLost(ActiveQuery query, Exception ex)
    {
        var lost = ConnectionLost(ex, requestSent: true);
        return query.CancelRequested ? CancelledOrTimedOut(query, lost) : lost;
    }

    // Reads only what has already arrived: a blocking read here would stall the sender.
    private async ValueTask AbsorbPendingAsync(bool async)
    {
        var query = _query!;
        while (_reader.BufferedCount > 0 || _socket.Available > 0)
        {
            var packet = (ServerPacketType)await _reader.ReadVarUIntAsync(async, CancellationToken.None);
            switch (packet)
            {
                case ServerPacketType.Progress:
                    query.Summary = query.Summary.Add(await ProgressPacket.ReadAsync(_reader, Revision, async, CancellationToken.None));
                    break;
                case ServerPacketType.Log:
                case ServerPacketType.ProfileEvents:
                    await ReadLogOrProfileEventsAsync(packet, query, async);
                    break;
                case ServerPacketType.Exception:
                    var error = await ServerExceptionPacket.ReadAsync(_reader, async, CancellationToken.None);
                    // Current servers skip client data until an empty block: send it, then prove the stream is in step.
                    WriteEmptyBlock();
                    await _writer.FlushAsync(_stream, async, CancellationToken.None);
                    await ResynchronizeAsync(async);
                    EndStatement();
                    throw error;
                default:
                    throw new ClickHouseProtocolException($"Unexpected packet {(int)packet} ({packet}) from the server during an INSERT.");
            }
        }
    }
}

/// <summary>Why <see cref="ClickHouseConnector.BoundInsertWait"/> broke the connector: the time was up.</summary>
internal sealed class InsertWaitExpiredException(string message) : TimeoutException(message);

/// <summary>Why <see cref="ClickHouseConnector.BoundInsertWait"/> broke the connector: the caller cancelled.</summary>
internal sealed class InsertWaitCancelledException(string message, CancellationToken token) : OperationCanceledException(message, token);
