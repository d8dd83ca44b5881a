using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>Where ingested rows go and how a batch becomes an INSERT.</summary>
internal abstract class IngestTarget
{
    /// <summary>The table, qualified and quoted.</summary>
    public abstract string Table { get; }

    /// <summary>Human-readable description for reports.</summary>
    public abstract string Description { get; }

    /// <summary>Creates what the target needs (idempotent).</summary>
    public abstract Task PrepareServerAsync(ClickHouseClient client, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the worker's batch as one INSERT (columnar: in blocks of <see cref="IngestOptions.BlockSize"/> rows,
    /// converted block by block so only one block is ever held); returns the rows written and the Native payload size.
    /// </summary>
    public abstract Task<InsertedBatch> InsertAsync(ClickHouseConnection connection, WorkerScratch scratch, IngestOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// The parsed table whose rows, stamped with the server's <c>ingested_at</c>, show what arrived (the raw-log path,
    /// where the server parses each line in a materialized view); null when the target is that table itself.
    /// </summary>
    public virtual string? ParsedTable => null;

    /// <summary>
    /// Turns the generated rows into what this target's producers add (the row type a service would hold) and hands
    /// them to <paramref name="runner"/>.
    /// </summary>
    public abstract Task<BufferedIngestReport> RunBufferedAsync(BufferedIngestRunner runner, HttpLogBatch batch, CancellationToken cancellationToken);

    /// <summary>The rows as the row API takes them: a fresh array per row, as application code would build them.</summary>
    protected static IEnumerable<IReadOnlyList<object?>> Rows(HttpLogBatch batch, Func<HttpLogBatch, int, object?[]> row)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            yield return row(batch, i);
        }
    }
}
