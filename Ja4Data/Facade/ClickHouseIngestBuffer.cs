using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Ja4Data.Core.Diagnostics;
using Ja4Data.Facade;
using Ja4Data.Types;
using Ja4Data.Types.Mapping;

namespace Ja4Data;

/// <summary>
/// Collects rows added one at a time by many threads and writes them in large batches: the client-side counterpart
/// of ClickHouse's async inserts. Rows wait in a bounded queue (<see cref="ClickHouseIngestBufferOptions.Capacity"/>);
/// one loop cuts batches by rows, bytes and time and hands each to a flush, up to
/// <see cref="ClickHouseIngestBufferOptions.MaxConcurrentFlushes"/> at once, each on its own pooled connection.
/// </summary>
/// <typeparam name="T">
/// A record or class whose members map to the table's columns as for <see cref="IClickHouseClient.InsertAsync{T}(string, IEnumerable{T}, CancellationToken)"/>,
/// or <c>object?[]</c> / <see cref="IReadOnlyList{T}"/> of <c>object?</c> for positional rows
/// (<see cref="ClickHouseIngestBufferOptions.ColumnNames"/> names their columns).
/// </typeparam>
/// <remarks>
/// <para>
/// Every row that <see cref="AddAsync"/> or <see cref="TryAdd"/> accepted is counted exactly once, in
/// <see cref="RowsWritten"/> or <see cref="RowsNotWritten"/>, and reported in one <see cref="BatchCompleted"/> event -
/// shutdown included: <see cref="DisposeAsync"/> writes everything still queued first.
/// </para>
/// <para>
/// A batch is encoded once, as one Native block, and every attempt sends the same bytes. Attempts follow the
/// client's insert rules (docs/reliability.md): a failure before the data left is retried within the client's retry
/// budget; a batch whose data left without an acknowledgement is sent again only when
/// <see cref="ClickHouseIngestBufferOptions.TableDeduplicates"/> says the table drops the repeat, and is otherwise
/// reported as <see cref="ClickHouseIngestOutcome.OutcomeUnknown"/>. A row with a value that does not fit its column is
/// reported alone (<see cref="ClickHouseIngestOutcome.Failed"/>, a <see cref="ClickHouseDataException"/>); the rest of
/// its batch is written. Over an <see cref="IClickHouseClient"/> that is not a <see cref="ClickHouseClient"/>, each
/// batch is one call of its <c>InsertAsync</c>, with that implementation's rules.
/// </para>
/// <para>
/// Counters also go to the <c>Ja4Data</c> meter: <c>ja4data.ingest.rows.written</c>, <c>ja4data.ingest.rows.not_written</c>
/// (by outcome), <c>ja4data.ingest.rows.rejected</c>, <c>ja4data.ingest.batch.rows</c>,
/// <c>ja4data.ingest.flush.duration</c> and <c>ja4data.ingest.queue.depth</c>, tagged with the table.
/// </para>
/// </remarks>
public sealed class ClickHouseIngestBuffer<T> : IAsyncDisposable, IIngestQueue
{
    // The first batch is cut here to learn the encoded size of a row (MaxBatchBytes is enforced from that size on).
    private const int CalibrationRows = 1000;

    private static readonly bool Positional = typeof(IReadOnlyList<object?>).IsAssignableFrom(typeof(T));

    private readonly IClickHouseClient _client;
    private readonly ClickHouseClient? _engine;
    private readonly ClickHouseIngestBufferOptions _options;
    private readonly Channel<Entry> _queue;
    private readonly SemaphoreSlim _flushSlots;
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _orphanFlushes = new();
    private readonly SemaphoreSlim _describeLock = new(1, 1);
    private readonly KeyValuePair<string, object?> _tableTag;
    private readonly Task _loop;
    private Shape? _shape;
    private double _bytesPerRow;
    private long _rowsWritten;
    private long _rowsNotWritten;
    private long _rowsAccepted;
    private long _batches;
    private int _disposed;

    /// <summary>Starts a buffer writing into <paramref name="table"/> (<c>table</c> or <c>database.table</c>) through <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException">The table name is not a plain or back-quoted name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option cannot work (see <see cref="ClickHouseIngestBufferOptions.Validate"/>).</exception>
    public ClickHouseIngestBuffer(IClickHouseClient client, string table, ClickHouseIngestBufferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Core.Inserts.InsertStatement.QuoteTable(table);
        _options = options ?? new ClickHouseIngestBufferOptions();
        _options.Validate();
        _client = client;
        _engine = client as ClickHouseClient;
        Table = table;
        _tableTag = new KeyValuePair<string, object?>(Ja4DataMetrics.TableTag, table);
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false, // TryAdd's DropOldest reads too
            SingleWriter = false,
        });
        _flushSlots = new SemaphoreSlim(_options.MaxConcurrentFlushes, _options.MaxConcurrentFlushes);
        Ja4DataMetrics.Register(this);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>One per batch (and per dropped row), once its outcome is known; raised on a pool thread. Exceptions thrown by handlers are ignored.</summary>
    public event EventHandler<ClickHouseIngestBatchEventArgs<T>>? BatchCompleted;

    /// <summary>The target table.</summary>
    public string Table { get; }

    /// <summary>Rows the server acknowledged.</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Rows reported as not written: failed, outcome unknown, or dropped (see <see cref="ClickHouseIngestOutcome"/>).</summary>
    public long RowsNotWritten => Interlocked.Read(ref _rowsNotWritten);

    /// <summary>Rows accepted by <see cref="AddAsync"/> and <see cref="TryAdd"/>.</summary>
    public long RowsAdded => Interlocked.Read(ref _rowsAccepted);

    /// <summary>Rows accepted whose outcome is not known yet (queued, in the batch being filled, or in flight).</summary>
    public long RowsPending => RowsAdded - RowsWritten - RowsNotWritten;

    /// <summary>Rows waiting in the queue for a batch.</summary>
    public long QueueDepth => _queue.Reader.Count;

    /// <summary>Batches cut so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Adds a row; waits while <see cref="ClickHouseIngestBufferOptions.Capacity"/> rows are queued. When it returns
    /// the row is accepted: its outcome will be counted and reported.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting; the row was not accepted.</exception>
    /// <exception cref="ObjectDisposedException">The buffer is disposed (or being disposed); the row was not accepted.</exception>
    public ValueTask AddAsync(T row, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_queue.Writer.TryWrite(new Entry(row, null)))
        {
            Interlocked.Increment(ref _rowsAccepted);
            return default;
        }

        return AddWaitingAsync(row, cancellationToken);
    }

    /// <summary>
    /// Adds a row without waiting. When the buffer is full, <see cref="ClickHouseIngestBufferOptions.FullMode"/> decides:
    /// the row is refused (false) or the oldest queued row is dropped (reported) to make room.
    /// </summary>
    /// <returns>True when the row was accepted.</returns>
    /// <exception cref="ObjectDisposedException">The buffer is disposed.</exception>
    public bool TryAdd(T row)
    {
        ThrowIfDisposed();
        var entry = new Entry(row, null);
        while (true)
        {
            if (_queue.Writer.TryWrite(entry))
            {
                Interlocked.Increment(ref _rowsAccepted);
                return true;
            }

            ThrowIfDisposed();
            if (_options.FullMode == ClickHouseIngestFullMode.Reject)
            {
                Ja4DataMetrics.IngestRowsRejected.Add(1, _tableTag);
                return false;
            }

            if (_queue.Reader.TryRead(out var oldest))
            {
                if (oldest.Flush is { } flush)
                {
                    // The rows before the flush request were read already or are being dropped: the loop honours it next.
                    _orphanFlushes.Enqueue(flush);
                }
                else
                {
                    Complete(0, ClickHouseIngestOutcome.Dropped, [oldest.Row], attempts: 0, TimeSpan.Zero, bytes: 0, new InvalidOperationException(
                        $"The ingest buffer for {Table} was full ({_options.Capacity} rows) and FullMode is DropOldest: the row was dropped to make room. Raise Capacity or add with AddAsync to wait instead."), deadLetter: null);
                }
            }
        }
    }

    /// <summary>
    /// Cuts the batch being filled and completes when every row accepted before the call is written or reported.
    /// </summary>
    /// <exception cref="OperationCanceledException">Stopped waiting; the flush still happens.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Entry(default!, done), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Disposing drains everything: that is the flush.
            await _loop.WaitAsync(cancellationToken);
            return;
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops accepting rows, writes everything queued and waits for every batch in flight; then every accepted row is
    /// counted in <see cref="RowsWritten"/> or <see cref="RowsNotWritten"/>. Adds waiting for room fail with
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        await _loop;
        Ja4DataMetrics.Unregister(this);
    }

    private async ValueTask AddWaitingAsync(T row, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(new Entry(row, null), cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException($"The ingest buffer for {Table} was disposed while the row waited for room; it was not added.", ex);
        }

        Interlocked.Increment(ref _rowsAccepted);
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(GetType().Name, $"The ingest buffer for {Table} is disposed; rows can no longer be added.");
        }
    }

    // The one loop that cuts batches. It ends once the queue is completed (disposal) and empty, after every batch.
    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var flushes = new List<TaskCompletionSource>();
        var delay = new CancellationTokenSource();
        try
        {
            while (await reader.WaitToReadAsync())
            {
                var rows = new List<T>();
                var limit = RowLimit();
                var deadline = 0L;
                while (true)
                {
                    var cut = false;
                    while (rows.Count < limit && reader.TryRead(out var entry))
                    {
                        if (entry.Flush is { } flush)
                        {
                            flushes.Add(flush);
                            cut = true;
                            break;
                        }

                        if (rows.Count == 0)
                        {
                            deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxBatchDelay.TotalSeconds * Stopwatch.Frequency);
                        }

                        rows.Add(entry.Row);
                    }

                    while (_orphanFlushes.TryDequeue(out var orphan))
                    {
                        flushes.Add(orphan);
                        cut = true;
                    }

                    if (cut || rows.Count >= limit)
                    {
                        break;
                    }

                    var remaining = rows.Count == 0 ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    if (rows.Count > 0 && remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    if (!delay.TryReset())
                    {
                        delay.Dispose();
                        delay = new CancellationTokenSource();
                    }

                    delay.CancelAfter(remaining);
                    try
                    {
                        if (!await reader.WaitToReadAsync(delay.Token))
                        {
                            break; // completed: the rest goes in this batch
                        }
                    }
                    catch (OperationCanceledException) when (delay.IsCancellationRequested)
                    {
                        break; // MaxBatchDelay since the batch's first row
                    }
                }

                if (rows.Count > 0)
                {
                    await _flushSlots.WaitAsync();
                    var number = Interlocked.Increment(ref _batches);
                    var task = FlushBatchAsync(number, rows);
                    _inFlight[number] = task;
                    _ = task.ContinueWith(_ => _inFlight.TryRemove(number, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (flushes.Count > 0)
                {
                    var waiting = flushes.ToArray();
                    flushes.Clear();
                    _ = Task.WhenAll(_inFlight.Values).ContinueWith(_ => Array.ForEach(waiting, f => f.TrySetResult()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
        finally
        {
            delay.Dispose();
            await Task.WhenAll(_inFlight.Values);
            while (_orphanFlushes.TryDequeue(out var orphan))
            {
                orphan.TrySetResult();
            }
        }
    }

    private int RowLimit()
    {
        var bytesPerRow = Volatile.Read(ref _bytesPerRow);
        if (bytesPerRow <= 0)
        {
            return Math.Min(_options.MaxBatchRows, CalibrationRows);
        }

        return (int)Math.Clamp(_options.MaxBatchBytes / bytesPerRow, 1, _options.MaxBatchRows);
    }

    // Never throws: every outcome becomes counts and a report.
    private async Task FlushBatchAsync(long number, List<T> rows)
    {
        await Task.Yield(); // the loop goes on cutting the next batch
        var started = Stopwatch.GetTimestamp();
        IngestBatch? batch = null;
        IReadOnlyList<T> sent = rows;
        var outcome = ClickHouseIngestOutcome.Written;
        Exception? error = null;
        try
        {
            if (_engine is null)
            {
                await (Positional
                    ? _client.InsertAsync(Table, rows.Cast<IReadOnlyList<object?>>(), _options.ColumnNames)
                    : _client.InsertAsync(Table, (IEnumerable<T>)rows));
            }
            else
            {
                var shape = await ShapeAsync();
                (batch, sent) = Encode(number, rows, shape);
                if (batch is not null)
                {
                    await _engine.InsertIngestBatchAsync(batch, _options.TableDeduplicates, CancellationToken.None);
                }
            }
        }
        catch (Exception ex)
        {
            // Outcome-unknown failures keep that meaning whatever their type (a deadline cut after the statement left).
            outcome = ex is ClickHouseException { Outcome: ClickHouseOutcome.Unknown } ? ClickHouseIngestOutcome.OutcomeUnknown : ClickHouseIngestOutcome.Failed;
            error = ex;
        }

        try
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (sent.Count > 0)
            {
                Ja4DataMetrics.IngestBatchRows.Record(sent.Count, _tableTag);
                Ja4DataMetrics.IngestFlushDuration.Record(elapsed.TotalSeconds, _tableTag);
                Complete(number, outcome, sent, batch?.Attempts ?? 1, elapsed, batch?.ByteCount ?? 0, error, outcome == ClickHouseIngestOutcome.Written ? null : batch);
            }
        }
        finally
        {
            if (batch is { EncodedAgain: true })
            {
                // The table's columns changed (an ALTER): the next batch learns them again.
                Volatile.Write(ref _shape, null);
            }

            batch?.Dispose();
            _flushSlots.Release();
        }
    }

    private async ValueTask<Shape> ShapeAsync()
    {
        if (Volatile.Read(ref _shape) is { } known)
        {
            return known;
        }

        await _describeLock.WaitAsync();
        try
        {
            if (Volatile.Read(ref _shape) is { } raced)
            {
                return raced;
            }

            Func<IReadOnlyList<BlockColumn>, IReadOnlyList<string>>? choose = Positional ? null : columns => RecordMaps.InsertColumns<T>(columns, Table);
            var (header, format) = await _engine!.DescribeInsertAsync(Table, Positional ? _options.ColumnNames : null, choose, CancellationToken.None);
            var shape = new Shape(header, format, Appender(header.Columns));
            Volatile.Write(ref _shape, shape);
            return shape;
        }
        finally
        {
            _describeLock.Release();
        }
    }

    // Positional rows append as they are; records through the writer compiled for exactly these columns.
    private static Action<BlockBuffer, T, long> Appender(IReadOnlyList<BlockColumn> columns)
    {
        if (Positional)
        {
            return static (block, row, index) => block.AppendRow((IReadOnlyList<object?>)row!, index);
        }

        var writer = RecordMaps.Writer<T>(columns);
        return (block, row, index) => block.AppendRecord(writer, row, index);
    }

    // Converts the rows; a row whose value does not fit is reported alone and left out. Returns the batch of the rest.
    private (IngestBatch? Batch, IReadOnlyList<T> Rows) Encode(long number, List<T> rows, Shape shape)
    {
        List<T>? good = null;
        using var block = new BlockBuffer(shape.Header);
        for (var i = 0; i < rows.Count; i++)
        {
            try
            {
                shape.Append(block, rows[i], i);
                good?.Add(rows[i]);
            }
            catch (ClickHouseDataException ex)
            {
                good ??= rows.GetRange(0, i);
                Complete(number, ClickHouseIngestOutcome.Failed, [rows[i]], attempts: 0, TimeSpan.Zero, bytes: 0, ex, deadLetter: null);
            }
        }

        var kept = good ?? rows;
        if (kept.Count == 0)
        {
            return (null, kept);
        }

        var batch = new IngestBatch(Table, number, kept.Count, (header, target) =>
        {
            var append = Appender(header.Columns);
            for (var i = 0; i < kept.Count; i++)
            {
                append(target, kept[i], i);
            }
        });
        batch.Encode(block, shape.Format);
        Volatile.Write(ref _bytesPerRow, (double)batch.ByteCount / kept.Count);
        return (batch, kept);
    }

    private void Complete(long number, ClickHouseIngestOutcome outcome, IReadOnlyList<T> rows, int attempts, TimeSpan elapsed, long bytes, Exception? error, IngestBatch? deadLetter)
    {
        string? path = null;
        if (deadLetter is not null && _options.DeadLetterDirectory is { } directory)
        {
            try
            {
                path = WriteDeadLetter(directory, deadLetter, outcome);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ClickHouseException)
            {
                error = new AggregateException($"Batch {number} for {Table} was not written, and neither was its dead-letter file in {directory}: {ex.Message}", error!, ex);
            }
        }

        if (outcome == ClickHouseIngestOutcome.Written)
        {
            Interlocked.Add(ref _rowsWritten, rows.Count);
            Ja4DataMetrics.IngestRowsWritten.Add(rows.Count, _tableTag);
        }
        else
        {
            Interlocked.Add(ref _rowsNotWritten, rows.Count);
            Ja4DataMetrics.IngestRowsNotWritten.Add(rows.Count, _tableTag, new KeyValuePair<string, object?>(Ja4DataMetrics.OutcomeTag, outcome.ToString()));
        }

        try
        {
            BatchCompleted?.Invoke(this, new ClickHouseIngestBatchEventArgs<T>(Table, number, outcome, rows, attempts, elapsed, bytes, error, path));
        }
        catch (Exception)
        {
            // A handler's failure must not lose the accounting of the batches after it.
        }
    }

    // <table>.<utc time>.<batch>.<outcome>.native: sortable, and the outcome is visible without opening the file.
    private string WriteDeadLetter(string directory, IngestBatch batch, ClickHouseIngestOutcome outcome)
    {
        Directory.CreateDirectory(directory);
        var name = string.Create(CultureInfo.InvariantCulture, $"{SafeFileName(Table)}.{DateTime.UtcNow:yyyyMMddTHHmmssfff}.{batch.Number}.{outcome}.native");
        var path = Path.Combine(directory, name);
        var partial = path + ".partial";
        using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            batch.WriteNativeFile(file);
            file.Flush(flushToDisk: true);
        }

        // Complete files only: a replay never sees a half-written one.
        File.Move(partial, path);
        return path;
    }

    private static string SafeFileName(string table)
        => string.Concat(table.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_'));

    private readonly record struct Entry(T Row, TaskCompletionSource? Flush);

    // What the buffer learned about the insert: the columns it fills, the framing, and how a row is appended.
    private sealed record Shape(Block Header, BlockFormat Format, Action<BlockBuffer, T, long> Append);
}
