using System.Diagnostics;
using System.Net;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using Ja4Data.Protocol.Packets;
using Ja4Data.Types;

namespace Ja4Data.Core;

internal sealed partial class ClickHouseConnector
{
    /// <summary>How long the server gets to acknowledge a Cancel before the connection is dropped instead.</summary>
    internal static TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(3);

    private readonly Lock _cancelLock = new();
    private ActiveQuery? _query;

    public ActiveQuery? CurrentQuery => _query;

    /// <summary>The summary of the last statement that ended on this connector.</summary>
    public QuerySummary? LastSummary { get; private set; }

    private BlockFormat TcpFormat => BlockFormat.Tcp(Revision);

    /// <summary>
    /// Sends a statement and the empty external-tables block. Cancellation and the statement timeout are armed here,
    /// before the send, so a server that stops reading cannot hold the send beyond them: while sending they only flag
    /// the statement and drop the connection after the grace period; once the statement is sent, both send a Cancel
    /// packet and keep reading until the server ends the statement, so the connection stays usable.
    /// </summary>
    public async ValueTask SendQueryAsync(QueryRequest request, bool async, CancellationToken cancellationToken)
    {
        if (State != ConnectorState.Ready)
        {
            throw new InvalidOperationException(State == ConnectorState.Busy
                ? "The connection is already running a statement; read its results to the end (or dispose the reader) first."
                : $"The connection is {State} and cannot run statements.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        State = ConnectorState.Busy;
        _decompressor?.BeginStatement();
        var query = _query = new ActiveQuery(this, request);
        // The statement's span (or the caller's, when nothing listens to ours) becomes the parent of the server's spans.
        var trace = Revision >= ProtocolRevision.WithOpenTelemetry ? TraceContext.From(Activity.Current) : null;
        QueryPacket.Write(_writer, Revision, Client, request.QueryId, InitialAddress(), request.Sql, DefaultQuerySettings.For(Revision, request.Settings), request.Parameters, IsCompressed, trace);
        WriteEmptyBlock();
        query.CallerRegistration = CancelOn(cancellationToken);
        if (request.Timeout > TimeSpan.Zero && request.Timeout != Timeout.InfiniteTimeSpan)
        {
            query.Timer = new Timer(static s => ((ActiveQuery)s!).Connector.RequestCancel((ActiveQuery)s, timedOut: true), query, request.Timeout, Timeout.InfiniteTimeSpan);
        }

        try
        {
            await _writer.FlushAsync(_stream, async, CancellationToken.None);
        }
        catch (Exception ex) when (IsIoFailure(ex))
        {
            // The external-tables terminator did not leave whole, so the server cannot have started the statement.
            var lost = ConnectionLost(ex, requestSent: false);
            EndStatement();
            throw query.CancelRequested ? CancelledOrTimedOut(query, lost, ClickHouseOutcome.NotExecuted) : lost;
        }

        lock (_cancelLock)
        {
            query.Receiving = true;
            if (query.CancelRequested)
            {
                // Cancelled or timed out during the send: tell the server now, within the grace period already running.
                TrySendCancel();
            }
        }
    }

    /// <summary>
    /// Cancels the running statement, as <see cref="RequestCancel(bool)"/> does, when <paramref name="cancellationToken"/>
    /// fires before the registration is disposed. The registration names the statement, so a token firing late cannot
    /// cancel the next one.
    /// </summary>
    public CancellationTokenRegistration CancelOn(CancellationToken cancellationToken)
        => _query is { } query && cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((ActiveQuery)s!).Connector.RequestCancel((ActiveQuery)s, timedOut: false), query)
            : default;

    /// <summary>
    /// Asks the server to stop the running statement. Safe from any thread: in the result phase it sends Cancel (the
    /// reader keeps draining to the end); while an insert is sending data it only flags, and the sender aborts.
    /// If the server does not end the statement within the grace period the connection is dropped.
    /// </summary>
    public void RequestCancel(bool timedOut) => RequestCancel(_query, timedOut);

    // Callbacks name the statement they belong to: a timer or token firing late must not cancel the next statement.
    private void RequestCancel(ActiveQuery? target, bool timedOut)
    {
        lock (_cancelLock)
        {
            var query = _query;
            if (query is null || query != target || query.CancelRequested)
            {
                return;
            }

            query.CancelRequested = true;
            query.TimedOut = timedOut;
            if (query.Receiving && !TrySendCancel())
            {
                return;
            }

            query.Timer?.Dispose();
            query.Timer = new Timer(static s => ((ActiveQuery)s!).Connector.AbandonIfStillRunning((ActiveQuery)s), query, CancelGracePeriod, Timeout.InfiniteTimeSpan);
        }
    }

    // Called under _cancelLock, from a timer or token callback while the reading thread waits. The write is bounded by
    // the grace period: a server that stopped reading would otherwise block this thread, and the lock, for ever. Only
    // the sync send honours SendTimeout, and nothing else sends on this connection while it receives.
    private bool TrySendCancel()
    {
        try
        {
            _socket.SendTimeout = (int)CancelGracePeriod.TotalMilliseconds;
            _stream.Write([(byte)ClientPacketType.Cancel]);
            _stream.Flush();
            _socket.SendTimeout = 0;
            return true;
        }
        catch (Exception ex) when (IsIoFailure(ex) || ex is NotSupportedException or InvalidOperationException)
        {
            Break(ex);
            return false;
        }
    }

    private void AbandonIfStillRunning(ActiveQuery query)
    {
        lock (_cancelLock)
        {
            if (_query == query)
            {
                Break(new TimeoutException($"The server did not end the statement within {CancelGracePeriod.TotalSeconds:0.#} s of Cancel."));
            }
        }
    }

    /// <summary>
    /// Reads packets until the next Data block (returned, possibly with zero rows) or the end of the statement (null).
    /// Progress, profile info, logs and profile events are absorbed into the query's summary.
    /// </summary>
    public async ValueTask<Block?> ReadBlockAsync(bool async)
    {
        var query = _query ?? throw new InvalidOperationException("No statement is running on this connection.");
        var inProgressHandler = false;
        try
        {
            while (true)
            {
                var packet = (ServerPacketType)await _reader.ReadVarUIntAsync(async, CancellationToken.None);
                switch (packet)
                {
                    case ServerPacketType.Data:
                        var block = await ReadDataBlockAsync(async);
                        CheckStructure(query, block);
                        if (query.CancelRequested)
                        {
                            block.Dispose();
                            continue;
                        }

                        query.ResultRows += block.RowCount;
                        return block;
                    case ServerPacketType.Totals:
                    case ServerPacketType.Extremes:
                        (await ReadDataBlockAsync(async)).Dispose();
                        break;
                    case ServerPacketType.Progress:
                        query.Summary = query.Summary.Add(await ProgressPacket.ReadAsync(_reader, Revision, async, CancellationToken.None));
                        inProgressHandler = true;
                        query.Request.OnProgress?.Invoke(query.FinalSummary());
                        inProgressHandler = false;
                        break;
                    case ServerPacketType.ProfileInfo:
                        query.RowsBeforeLimit = (await ProfileInfoPacket.ReadAsync(_reader, Revision, async, CancellationToken.None)).RowsBeforeLimit;
                        break;
                    case ServerPacketType.Log:
                    case ServerPacketType.ProfileEvents:
                        await ReadLogOrProfileEventsAsync(packet, query, async);
                        break;
                    case ServerPacketType.TableColumns:
                        await _reader.SkipStringAsync(async, CancellationToken.None);
                        await _reader.SkipStringAsync(async, CancellationToken.None);
                        break;
                    case ServerPacketType.TimezoneUpdate:
                        ServerTimezone = await _reader.ReadStringAsync(async, CancellationToken.None);
                        break;
                    case ServerPacketType.PartUuids:
                        var count = await _reader.ReadCountAsync("part UUID count", 1 << 20, async, CancellationToken.None);
                        await _reader.SkipAsync(count * 16, async, CancellationToken.None);
                        break;
                    case ServerPacketType.Exception:
                        var error = await ServerExceptionPacket.ReadAsync(_reader, async, CancellationToken.None);
                        await ResynchronizeAsync(async);
                        EndStatement();
                        throw query.CancelRequested ? CancelledOrTimedOut(query, error) : error;
                    case ServerPacketType.EndOfStream:
                        EndStatement();
                        return query.CancelRequested ? throw CancelledOrTimedOut(query, null) : null;
                    default:
                        throw new ClickHouseProtocolException($"Unexpected packet {(int)packet} ({packet}) from the server while reading a result.");
                }
            }
        }
        catch (Exception ex) when (inProgressHandler)
        {
            // The caller's progress handler failed, not the server: its exception reaches the caller unchanged, and
            // the connection, left in the middle of a result, is closed.
            EndStatement();
            Break(ex);
            throw;
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            EndStatement();
            var lost = ConnectionLost(ReadFailureCause(ex), requestSent: true);
            throw query.CancelRequested ? CancelledOrTimedOut(query, lost) : lost;
        }
    }

    /// <summary>
    /// The blocks of one result share its structure (ClickHouse's own client asserts it): a data block whose columns
    /// differ in number or type from the first one is a protocol error, not rows a caller would index past.
    /// </summary>
    private static void CheckStructure(ActiveQuery query, Block block)
    {
        if (block.ColumnCount == 0)
        {
            return;
        }

        if (query.ResultTypes is not { } expected)
        {
            query.ResultTypes = [.. block.Columns.Select(c => c.TypeName)];
            return;
        }

        if (block.ColumnCount == expected.Length && block.Columns.Select(c => c.TypeName).SequenceEqual(expected, StringComparer.Ordinal))
        {
            return;
        }

        var count = block.ColumnCount;
        var types = DecodeFailure.Excerpt(string.Join(", ", block.Columns.Select(c => c.TypeName)));
        block.Dispose();
        throw new ClickHouseProtocolException(
            $"A data block of the result has {count} column(s) ({types}) where its first block had {expected.Length} ({DecodeFailure.Excerpt(string.Join(", ", expected))}); the server's blocks disagree on the result's structure.");
    }

    /// <summary>
    /// A failure while reading what the server sent: I/O, a protocol error, or any other exception a decoder raised on
    /// its bytes. Each breaks the connection, because the position in the stream is lost.
    /// </summary>
    private static bool IsReadFailure(Exception ex) => IsIoFailure(ex) || ex is ClickHouseProtocolException || DecodeFailure.IsUnmapped(ex);

    /// <summary>The cause to report for a read failure: decoders' raw exceptions become protocol errors.</summary>
    private static Exception ReadFailureCause(Exception ex) =>
        IsIoFailure(ex) || !DecodeFailure.IsUnmapped(ex) ? ex : DecodeFailure.ToProtocolError(ex, "a packet sent by the server");

    /// <summary>
    /// Log and ProfileEvents blocks (never compressed below revision 54481). Profile events are accumulated into the
    /// query's summary; log blocks are only consumed (we ask for no logs).
    /// </summary>
    private async ValueTask ReadLogOrProfileEventsAsync(ServerPacketType packet, ActiveQuery query, bool async)
    {
        await _reader.SkipStringAsync(async, CancellationToken.None);
        using var block = await BlockReader.ReadAsync(_reader, TcpFormat, async, CancellationToken.None);
        if (packet == ServerPacketType.ProfileEvents)
        {
            ProfileEventsBlock.AccumulateInto(block, query.ProfileEvents);
        }
    }

    private async ValueTask<Block> ReadDataBlockAsync(bool async)
    {
        await _reader.SkipStringAsync(async, CancellationToken.None); // table name: never compressed
        if (!IsCompressed)
        {
            return await BlockReader.ReadAsync(_reader, TcpFormat, async, CancellationToken.None);
        }

        var decompressor = _decompressor ??= new CompressedProtocolReader(_reader) { MaxBlockBytes = Settings.MaxBlockBytes };
        var block = await BlockReader.ReadAsync(decompressor, TcpFormat, async, CancellationToken.None);
        if (decompressor.PendingCount != 0)
        {
            block.Dispose();
            throw new ClickHouseProtocolException($"A compressed frame held {decompressor.PendingCount} bytes past the end of its block.");
        }

        return block;
    }

    private static Exception CancelledOrTimedOut(ActiveQuery query, Exception? inner, ClickHouseOutcome outcome = ClickHouseOutcome.Unknown) => query.TimedOut
        ? new ClickHouseConnectionException(
            $"The statement (query id {query.Request.QueryId}) did not finish within {query.Request.Timeout.TotalSeconds:0.###} s (CLICKHOUSE_COMMAND_TIMEOUT / CommandTimeout) and was cancelled.",
            outcome,
            new TimeoutException("Command timeout", inner))
        : new OperationCanceledException($"The statement (query id {query.Request.QueryId}) was cancelled.", inner);

    /// <summary>Ends the statement's bookkeeping; the connector is Ready again unless it broke.</summary>
    private void EndStatement()
    {
        lock (_cancelLock)
        {
            if (_query is { } query)
            {
                LastSummary = query.FinalSummary();
                query.Receiving = false;
                query.CallerRegistration.Dispose();
                query.Timer?.Dispose();
            }

            _query = null;
        }

        if (State == ConnectorState.Busy)
        {
            State = ConnectorState.Ready;
        }

        ReleaseOversizedBuffers();
        MarkUsed();
    }

    /// <summary>
    /// A statement that read a huge value or frame (or sent a huge block) grew this connector's buffers; they are given
    /// back here rather than kept for as long as the pool keeps the connection.
    /// </summary>
    private void ReleaseOversizedBuffers()
    {
        _reader.ReleaseOversizedBuffer();
        _decompressor?.ReleaseOversizedBuffer();
        _writer.ReleaseOversizedBuffer();
        _blockBuffer?.ReleaseOversizedBuffer();
    }

    /// <summary>Bytes held by this connector's buffers between statements, for tests and diagnostics.</summary>
    internal long RetainedBufferBytes =>
        _reader.BufferCapacity + _writer.Capacity + (_blockBuffer?.Capacity ?? 0)
        + (_decompressor is null ? 0 : _decompressor.BufferCapacity + _decompressor.FrameCapacity);

    /// <summary>
    /// After a server exception, makes sure both sides agree where the stream is. Servers of the 18.x era leave our
    /// external-tables terminator unread when a query fails early and then report it as an unexpected packet; a
    /// Ping answered by Pong proves the connection is back in step. If that fails the connector is broken (never
    /// reused); the caller still gets the original server exception.
    /// </summary>
    private async ValueTask ResynchronizeAsync(bool async)
    {
        using var deadline = new SocketDeadline(_socket, Settings.ConnectTimeout, CancellationToken.None);
        try
        {
            _writer.WriteVarUInt((ulong)ClientPacketType.Ping);
            await _writer.FlushAsync(_stream, async, deadline.Token);
            while (true)
            {
                var packet = (ServerPacketType)await _reader.ReadVarUIntAsync(async, deadline.Token);
                switch (packet)
                {
                    case ServerPacketType.Pong:
                        return;
                    case ServerPacketType.Exception:
                        await ServerExceptionPacket.ReadAsync(_reader, async, deadline.Token);
                        break;
                    case ServerPacketType.Progress:
                        await ProgressPacket.ReadAsync(_reader, Revision, async, deadline.Token);
                        break;
                    case ServerPacketType.EndOfStream:
                        break;
                    default:
                        throw new ClickHouseProtocolException($"Unexpected packet {(int)packet} ({packet}) while resynchronising after a server error.");
                }
            }
        }
        catch (Exception ex) when (IsIoFailure(ex) || ex is ClickHouseProtocolException or OperationCanceledException)
        {
            Break(ex);
        }
    }

    /// <summary>
    /// Sends Ping and waits for Pong (skipping late Progress packets, as old servers send them), within ConnectTimeout.
    /// A failed or cancelled ping breaks the connector: the Pong may still be on its way.
    /// </summary>
    public async ValueTask PingAsync(bool async, CancellationToken cancellationToken)
    {
        if (State != ConnectorState.Ready)
        {
            throw new InvalidOperationException($"Cannot ping a connection that is {State}.");
        }

        using var deadline = new SocketDeadline(_socket, Settings.ConnectTimeout, cancellationToken);
        try
        {
            _writer.WriteVarUInt((ulong)ClientPacketType.Ping);
            await _writer.FlushAsync(_stream, async, deadline.Token);
            while (true)
            {
                var packet = (ServerPacketType)await _reader.ReadVarUIntAsync(async, deadline.Token);
                if (packet == ServerPacketType.Pong)
                {
                    MarkUsed();
                    return;
                }

                if (packet != ServerPacketType.Progress)
                {
                    throw new ClickHouseProtocolException($"Expected Pong, got packet {(int)packet} ({packet}).");
                }

                await ProgressPacket.ReadAsync(_reader, Revision, async, deadline.Token);
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && (IsIoFailure(ex) || ex is OperationCanceledException))
        {
            // The Ping may have left and its Pong may still come: nobody can tell where the stream stands any more.
            Break(ex);
            throw new OperationCanceledException("The ping was cancelled; the connection was closed.", ex, cancellationToken);
        }
        catch (Exception ex) when (IsIoFailure(ex) || ex is ClickHouseProtocolException or OperationCanceledException)
        {
            throw ConnectionLost(deadline.Expired ? new TimeoutException($"No Pong within {Settings.ConnectTimeout.TotalSeconds:0.#} s.", ex) : ex, requestSent: false);
        }
    }

    /// <summary>Writes an empty Data block: the external-tables terminator and the end of insert data.</summary>
    private void WriteEmptyBlock() => WriteBlockPacket(static (w, format, _) => BlockWriter.WriteEmpty(w, format), (object?)null);

    /// <summary>Writes a Data packet whose block <paramref name="writeBlock"/> encodes, compressing it when the connection does.</summary>
    private void WriteBlockPacket<TState>(Action<ProtocolWriter, BlockFormat, TState> writeBlock, TState state)
    {
        if (IsCompressed)
        {
            // Frames of MaxBlockSize are compressed while the block is encoded, so a connector holds about two frames
            // rather than a whole uncompressed block (tens of MB for 65,536 wide rows) and compresses bytes still in
            // cache. The frames are the ones cutting the whole block would give.
            var packetStart = _writer.Length;
            var block = _blockBuffer ??= new ProtocolWriter(CompressedFrame.MaxBlockSize, WriteFrame);
            block.Clear();
            try
            {
                WriteDataPacketStart();
                writeBlock(block, TcpFormat, state);
                WriteFrames(block.WrittenSpan);
            }
            catch
            {
                // Nothing of a block that failed to encode may reach the server.
                _writer.Truncate(packetStart);
                throw;
            }
            finally
            {
                block.Clear();
            }

            return;
        }

        WriteDataPacketStart();
        writeBlock(_writer, TcpFormat, state);
    }

    /// <summary>Writes a Data packet carrying a block already encoded in <see cref="TcpFormat"/>, compressing it when the connection does.</summary>
    private void WriteBlockPacket(ReadOnlySpan<byte> block)
    {
        WriteDataPacketStart();
        if (!IsCompressed)
        {
            _writer.WriteBytes(block);
            return;
        }

        WriteFrames(block);
    }

    private void WriteFrames(ReadOnlySpan<byte> block)
    {
        while (!block.IsEmpty)
        {
            var chunk = block[..Math.Min(block.Length, CompressedFrame.MaxBlockSize)];
            WriteFrame(chunk);
            block = block[chunk.Length..];
        }
    }

    private void WriteFrame(ReadOnlySpan<byte> chunk) => CompressedFrame.Write(chunk, _compression, _writer);

    // The packet type and the external table name (empty) are never compressed.
    private void WriteDataPacketStart()
    {
        _writer.WriteVarUInt((ulong)ClientPacketType.Data);
        _writer.WriteString(string.Empty);
    }

    private string InitialAddress() => _socket.LocalEndPoint is IPEndPoint ip
        ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip.Address}]:{ip.Port}" : $"{ip.Address}:{ip.Port}"
        : "0.0.0.0:0";
}
