using System.Text;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>
/// The ingest contract of the ja4 schema: one JSON line per row into <c>http_logs_raw (raw)</c>. The server's
/// materialized views parse each line into <c>http_logs</c> and the hourly and daily aggregates.
/// </summary>
internal sealed class RawJsonTarget(ClickHouseSettings settings) : IngestTarget
{
    private static readonly string[] Columns = ["raw"];

    public override string Table { get; } = settings.LogsTable("http_logs_raw");

    public override string Description => $"{Table} (JSON lines; materialized views fill http_logs and the aggregates)";

    public override string? ParsedTable { get; } = settings.LogsTable("http_logs");

    public override async Task PrepareServerAsync(ClickHouseClient client, CancellationToken cancellationToken)
        => await new SchemaDeployer(client, settings).DeployAsync(dryRun: false, cancellationToken);

    public override async Task<InsertedBatch> InsertAsync(ClickHouseConnection connection, WorkerScratch scratch, IngestOptions options, CancellationToken cancellationToken)
    {
        var batch = scratch.Batch;
        if (options.Mode == InsertMode.Rows)
        {
            var payload = new PayloadCounter();
            var written = await connection.InsertAsync(Table, JsonRows(batch, scratch.Json, payload), Columns, cancellationToken);
            return new InsertedBatch(written, payload.Bytes);
        }

        await using var writer = await connection.CreateBulkWriterAsync(Table, Columns, cancellationToken: cancellationToken);
        long bytes = 0;
        for (var start = 0; start < batch.Count; start += options.BlockSize)
        {
            scratch.Json.Encode(batch, start, Math.Min(options.BlockSize, batch.Count - start));
            bytes += scratch.Json.PayloadBytes;
            writer.AppendColumn(0, scratch.Json.Lines.Span);
            await writer.FlushAsync(cancellationToken);
        }

        return new InsertedBatch(await writer.CompleteAsync(cancellationToken), bytes);
    }

    private static IEnumerable<IReadOnlyList<object?>> JsonRows(HttpLogBatch batch, JsonLineEncoder encoder, PayloadCounter payload)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var json = encoder.ToJson(batch, i);
            payload.Bytes += NativeSize(json);
            yield return new object?[] { json };
        }
    }

    /// <summary>
    /// Each generated row as one JSON line (the existing encoder's string form, as a service receives it), added as a
    /// <see cref="RawLogLine"/>; the bulk writer of a comparison appends the same strings.
    /// </summary>
    public override Task<BufferedIngestReport> RunBufferedAsync(BufferedIngestRunner runner, HttpLogBatch batch, CancellationToken cancellationToken)
    {
        var encoder = new JsonLineEncoder();
        var lines = new string[batch.Count];
        var rows = new RawLogLine[batch.Count];
        long payload = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = encoder.ToJson(batch, i);
            rows[i] = new RawLogLine(lines[i]);
            payload += NativeSize(lines[i]);
        }

        var workload = new BufferedWorkload<RawLogLine>(rows, payload, Columns, (writer, start, count) => writer.AppendColumn<string>(0, lines.AsSpan(start, count)));
        return runner.RunAsync(workload, batch, cancellationToken);
    }

    private static int NativeSize(string json) => HttpLogBatch.NativeStringSize(Encoding.UTF8.GetByteCount(json));

    private sealed class PayloadCounter
    {
        public long Bytes { get; set; }
    }
}
