namespace Ja4Data;

/// <summary>
/// How a <see cref="ClickHouseIngestBuffer{T}"/> batches, bounds its memory, and what it does with batches it could not
/// write. The defaults suit a service writing up to a few hundred thousand rows a second.
/// </summary>
public sealed record ClickHouseIngestBufferOptions
{
    /// <summary>Rows in one INSERT at most (default 100,000). One batch is one Native block: one part on the server.</summary>
    public int MaxBatchRows { get; init; } = 100_000;

    /// <summary>
    /// Encoded bytes in one INSERT at most (default 64 MiB). The size of a batch is known only once it is encoded, so
    /// the buffer cuts batches at the rows this many bytes held in the batches before; the first batch is cut at
    /// 1,000 rows to learn the size of a row.
    /// </summary>
    public long MaxBatchBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The longest a row waits for its batch to fill (default 1 s): a lone row is written after at most this long.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Rows held waiting for a batch (default 200,000). When they are this many, <see cref="ClickHouseIngestBuffer{T}.AddAsync"/>
    /// waits and <see cref="ClickHouseIngestBuffer{T}.TryAdd"/> applies <see cref="FullMode"/>. Memory is bounded by these
    /// rows plus the batch being filled and <see cref="MaxConcurrentFlushes"/> batches in flight.
    /// </summary>
    public int Capacity { get; init; } = 200_000;

    /// <summary>Batches sent at the same time, each on its own pooled connection (default 2).</summary>
    public int MaxConcurrentFlushes { get; init; } = 2;

    /// <summary>What <see cref="ClickHouseIngestBuffer{T}.TryAdd"/> does when <see cref="Capacity"/> rows are waiting.</summary>
    public ClickHouseIngestFullMode FullMode { get; init; } = ClickHouseIngestFullMode.Reject;

    /// <summary>
    /// For rows that are <c>object?[]</c> (or <see cref="IReadOnlyList{T}"/> of <c>object?</c>): the columns their
    /// values fill, in order; null means every column of the table. Ignored for records, whose members name their columns.
    /// </summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>
    /// Declares that the table drops a repeated block: a <c>Replicated*MergeTree</c> (which, from ClickHouse 18.16,
    /// drops a block whose content it stored recently), or a <c>MergeTree</c> with
    /// <c>non_replicated_deduplication_window</c> &gt; 0. Then a batch whose outcome is unknown (its data left, the
    /// acknowledgement did not come) is sent again, byte for byte, within the client's retry budget; against servers
    /// from 22.2 it also carries an <c>insert_deduplication_token</c> derived from its bytes. Without it (the default)
    /// such a batch is never sent again: it is reported as <see cref="ClickHouseIngestOutcome.OutcomeUnknown"/>.
    /// Columns the rows leave to server-side defaults such as <c>now()</c> make a repeat differ: send them.
    /// </summary>
    public bool TableDeduplicates { get; init; }

    /// <summary>
    /// Where batches that were not written go, one Native file each (readable with <see cref="NativeFormat.ReadBlocks(Stream)"/>,
    /// <c>clickhouse-local</c>, or <c>ja4data replay DIR --table T</c>); null (the default) only reports them. The
    /// directory is created when needed.
    /// </summary>
    public string? DeadLetterDirectory { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchRows, 1, nameof(MaxBatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentFlushes, 1, nameof(MaxConcurrentFlushes));
        if (MaxBatchDelay <= TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchDelay), MaxBatchDelay, "MaxBatchDelay must be more than zero and at most a day.");
        }

        if (!Enum.IsDefined(FullMode))
        {
            throw new ArgumentOutOfRangeException(nameof(FullMode), FullMode, "FullMode must be Reject or DropOldest.");
        }
    }
}

/// <summary>What <see cref="ClickHouseIngestBuffer{T}.TryAdd"/> does when the buffer holds its capacity.</summary>
public enum ClickHouseIngestFullMode
{
    /// <summary>The new row is refused: <see cref="ClickHouseIngestBuffer{T}.TryAdd"/> returns false and the caller keeps it.</summary>
    Reject,

    /// <summary>
    /// The oldest waiting row makes room: it is counted in <see cref="ClickHouseIngestBuffer{T}.RowsNotWritten"/> and
    /// reported as <see cref="ClickHouseIngestOutcome.Dropped"/>; the new row is accepted.
    /// </summary>
    DropOldest,
}

/// <summary>What became of a batch (or of a dropped row).</summary>
public enum ClickHouseIngestOutcome
{
    /// <summary>The server acknowledged the batch: every row is stored.</summary>
    Written,

    /// <summary>Nothing of the batch is stored: it failed before its data left, or a value did not fit its column.</summary>
    Failed,

    /// <summary>
    /// The data left but no acknowledgement came (a lost connection, a timeout, a server killed mid-insert): the batch is
    /// stored whole or not at all, and was not sent again because the table is not declared to deduplicate.
    /// </summary>
    OutcomeUnknown,

    /// <summary>The row was dropped to make room (<see cref="ClickHouseIngestFullMode.DropOldest"/>); it was never sent.</summary>
    Dropped,
}

/// <summary>The delivery report of one batch: raised once per batch, whatever its outcome.</summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class ClickHouseIngestBatchEventArgs<T>(
    string table, long batch, ClickHouseIngestOutcome outcome, IReadOnlyList<T> rows, int attempts, TimeSpan elapsed, long bytes, Exception? error, string? deadLetterPath) : EventArgs
{
    /// <summary>The target table.</summary>
    public string Table { get; } = table;

    /// <summary>The batch's number within its buffer, from 1 (0 for dropped rows).</summary>
    public long Batch { get; } = batch;

    /// <summary>What became of the rows.</summary>
    public ClickHouseIngestOutcome Outcome { get; } = outcome;

    /// <summary>The batch's rows, for a service that re-routes what was not written.</summary>
    public IReadOnlyList<T> Rows { get; } = rows;

    /// <summary>INSERT attempts made (0 when nothing was sent).</summary>
    public int Attempts { get; } = attempts;

    /// <summary>From the first attempt to the outcome.</summary>
    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>The batch's encoded Native size (0 when it was never encoded).</summary>
    public long Bytes { get; } = bytes;

    /// <summary>Why the batch was not written (null when it was).</summary>
    public Exception? Error { get; } = error;

    /// <summary>The dead-letter file holding the batch, when one was written.</summary>
    public string? DeadLetterPath { get; } = deadLetterPath;
}
