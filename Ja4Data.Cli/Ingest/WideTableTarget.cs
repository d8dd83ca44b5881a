using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>Typed rows straight into a table shaped like http_logs (MergeTree or Null engine).</summary>
internal sealed class WideTableTarget(string database, string table, string engine) : IngestTarget
{
    public override string Table { get; } = ClickHouseIdentifier.Qualify(database, table);

    public override string Description => $"{Table} ({engine}; 12 typed columns)";

    public override async Task PrepareServerAsync(ClickHouseClient client, CancellationToken cancellationToken)
    {
        await client.CommandAsync($"CREATE DATABASE IF NOT EXISTS {ClickHouseIdentifier.Quote(database)}", cancellationToken: cancellationToken);
        await client.CommandAsync(WideTable.CreateSql(Table, engine), cancellationToken: cancellationToken);
    }

    public override async Task<InsertedBatch> InsertAsync(ClickHouseConnection connection, WorkerScratch scratch, IngestOptions options, CancellationToken cancellationToken)
    {
        var batch = scratch.Batch;
        if (options.Mode == InsertMode.Rows)
        {
            return new InsertedBatch(await connection.InsertAsync(Table, Rows(batch, static (b, i) => b.RowValues(i)), HttpLogBatch.ColumnNames, cancellationToken), batch.PayloadBytes());
        }

        await using var writer = await connection.CreateBulkWriterAsync(Table, HttpLogBatch.ColumnNames, cancellationToken: cancellationToken);
        for (var start = 0; start < batch.Count; start += options.BlockSize)
        {
            ColumnarBatch.Append(writer, batch, start, Math.Min(options.BlockSize, batch.Count - start));
            await writer.FlushAsync(cancellationToken);
        }

        return new InsertedBatch(await writer.CompleteAsync(cancellationToken), batch.PayloadBytes());
    }

    public override Task<BufferedIngestReport> RunBufferedAsync(BufferedIngestRunner runner, HttpLogBatch batch, CancellationToken cancellationToken)
    {
        var records = new HttpLogRecord[batch.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = HttpLogRecord.From(batch, i);
        }

        var workload = new BufferedWorkload<HttpLogRecord>(records, batch.PayloadBytes(), HttpLogBatch.ColumnNames, (writer, start, count) => ColumnarBatch.Append(writer, batch, start, count));
        return runner.RunAsync(workload, batch, cancellationToken);
    }
}
