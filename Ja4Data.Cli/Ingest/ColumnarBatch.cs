using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>Hands a slice of a batch to a bulk writer column by column, without boxing.</summary>
internal static class ColumnarBatch
{
    /// <summary>
    /// Appends rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of every column;
    /// columns are matched by name, so the writer's column order does not matter.
    /// </summary>
    public static void Append(ClickHouseBulkWriter writer, HttpLogBatch batch, int start, int count)
    {
        var names = writer.ColumnNames;
        for (var column = 0; column < names.Count; column++)
        {
            switch (names[column])
            {
                case "ts_ms": writer.AppendColumn<ulong>(column, batch.TimestampMs.AsSpan(start, count)); break;
                case "src_ip": writer.AppendColumn<string>(column, batch.SourceIp.AsSpan(start, count)); break;
                case "src_port": writer.AppendColumn<ushort>(column, batch.SourcePort.AsSpan(start, count)); break;
                case "host": writer.AppendColumn<string>(column, batch.Host.AsSpan(start, count)); break;
                case "method": writer.AppendColumn<string>(column, batch.Method.AsSpan(start, count)); break;
                case "path": writer.AppendColumn<string>(column, batch.Path.AsSpan(start, count)); break;
                case "status": writer.AppendColumn<ushort>(column, batch.Status.AsSpan(start, count)); break;
                case "ja4": writer.AppendColumn<string>(column, batch.Ja4.AsSpan(start, count)); break;
                case "ja4h": writer.AppendColumn<string>(column, batch.Ja4H.AsSpan(start, count)); break;
                case "user_agent": writer.AppendColumn<string>(column, batch.UserAgent.AsSpan(start, count)); break;
                case "bytes": writer.AppendColumn<ulong>(column, batch.Bytes.AsSpan(start, count)); break;
                case "latency_ms": writer.AppendColumn<double>(column, batch.LatencyMs.AsSpan(start, count)); break;
                default: throw new InvalidOperationException($"The insert has a column '{names[column]}' that generated HTTP logs do not have.");
            }
        }
    }
}
