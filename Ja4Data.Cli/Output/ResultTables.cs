using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Output;

/// <summary>Renders query results and run reports as Spectre.Console tables.</summary>
internal static class ResultTables
{
    public static Table FromQuery(string title, QueryResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        for (var i = 0; i < result.ColumnNames.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(result.ColumnNames[i]));
            table.AddColumn(IsNumeric(result.ColumnTypes[i]) ? column.RightAligned() : column);
        }

        foreach (var row in result.ResultRows)
        {
            table.AddRow(row.Select(v => Markup.Escape(Units.Cell(v))).ToArray());
        }

        return table;
    }

    public static Table FromIngest(IngestReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Ingest[/]").AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        void Add(string metric, string value) => table.AddRow(Markup.Escape(metric), Markup.Escape(value));

        Add("target", report.Target);
        Add("mode", $"{(report.Mode == InsertMode.Columnar ? "columnar bulk writer" : "row API")}, {report.Workers} workers, {Units.Count(report.BatchSize)} rows per batch");
        Add("rows", Units.Count(report.Rows));
        Add("elapsed", Units.Seconds(report.Elapsed.TotalSeconds));
        Add("rows/s", Units.Count(report.RowsPerSecond));
        Add("MB/s (Native payload, before compression)", report.MegabytesPerSecond.ToString("N1", System.Globalization.CultureInfo.InvariantCulture));
        Add("batch latency p50 / p99 / max", $"{Units.Milliseconds(report.BatchLatencyP50Ms)} / {Units.Milliseconds(report.BatchLatencyP99Ms)} / {Units.Milliseconds(report.BatchLatencyMaxMs)}");
        Add("pool wait total / p99", $"{Units.Milliseconds(report.PoolWaitTotal.TotalMilliseconds)} / {Units.Milliseconds(report.PoolWaitP99Ms)}");
        Add("retries", Units.Count(report.Retries));
        Add("peak working set", Units.Megabytes(report.PeakWorkingSetBytes));
        Add("managed allocations", Units.Megabytes(report.AllocatedBytes));
        Add("GC gen0 / gen2 collections", $"{report.Gen0Collections} / {report.Gen2Collections}");
        return table;
    }

    public static Table FromBufferedIngest(BufferedIngestReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Buffered ingest[/]").AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        void Add(string metric, string value) => table.AddRow(Markup.Escape(metric), Markup.Escape(value));
        var seconds = report.Elapsed.TotalSeconds;

        Add("target", report.Target);
        Add("buffer", $"{report.Producers} producers adding single rows of {report.Options}");
        Add("rows written / not written", $"{Units.Count(report.RowsWritten)} / {Units.Count(report.RowsNotWritten)}");
        Add("elapsed (all added / all written)", $"{Units.Seconds(report.AddedIn.TotalSeconds)} / {Units.Seconds(seconds)}");
        Add("rows/s", Units.Count(report.RowsPerSecond));
        Add("MB/s (Native payload, before compression)", (report.PayloadBytes / 1e6 / Math.Max(seconds, 1e-9)).ToString("N1", System.Globalization.CultureInfo.InvariantCulture));
        Add("batches; rows per batch p50 / max", $"{Units.Count(report.Batches)}; {Units.Count(report.BatchRowsP50)} / {Units.Count(report.BatchRowsMax)}");
        Add("flush latency p50 / p99", $"{Units.Milliseconds(report.FlushP50Ms)} / {Units.Milliseconds(report.FlushP99Ms)}");
        Add("AddAsync latency p50 / p99", $"{Units.Milliseconds(report.AddP50Ms)} / {Units.Milliseconds(report.AddP99Ms)}");
        var depths = report.QueueDepth;
        Add("queue depth max / mean", depths.Count == 0 ? "-" : $"{Units.Count(depths.Max(d => d.Rows))} / {Units.Count(depths.Average(d => d.Rows))}");
        var step = Math.Max(1, depths.Count / 10);
        Add("queue depth over time", string.Join("  ", depths.Where((_, i) => i % step == 0).Select(d => $"{d.Seconds:0.0}s:{Units.Count(d.Rows)}")));
        Add("peak working set", Units.Megabytes(report.PeakWorkingSetBytes));
        Add("managed allocations", Units.Megabytes(report.AllocatedBytes));
        foreach (var failure in report.Failures)
        {
            Add("failure", failure);
        }

        if (report.Arrival is { } arrival)
        {
            Add($"arrived in {arrival.Table}: rows; distinct (ts_ms, src_ip, src_port); sum(ts_ms)",
                $"{Units.Count(arrival.StoredRows)} of {Units.Count(arrival.Rows)}; {Units.Count(arrival.StoredDistinctRows)} of {Units.Count(arrival.DistinctRows)}; {(arrival.SumsMatch ? "matches" : "differs")}");
            table.AddRow("every row parsed exactly once", arrival.EveryRowOnce ? "[green]yes[/]" : "[red]NO[/]");
        }

        if (report.FacadeElapsed is { } facade && report.BulkWriterElapsed is { } bulk)
        {
            Add("one facade InsertAsync<T> of the same rows", $"{Units.Seconds(facade.TotalSeconds)} ({Units.Count(report.Rows / facade.TotalSeconds)} rows/s); buffer takes {Units.Ratio(seconds / facade.TotalSeconds)}");
            Add("one columnar bulk writer of the same rows", $"{Units.Seconds(bulk.TotalSeconds)} ({Units.Count(report.Rows / bulk.TotalSeconds)} rows/s); buffer takes {Units.Ratio(seconds / bulk.TotalSeconds)}");
        }

        return table;
    }

    private static bool IsNumeric(string type)
    {
        var inner = type.StartsWith("Nullable(", StringComparison.Ordinal) ? type[9..^1] : type;
        return inner.StartsWith("UInt", StringComparison.Ordinal) || inner.StartsWith("Int", StringComparison.Ordinal)
            || inner.StartsWith("Float", StringComparison.Ordinal) || inner.StartsWith("Decimal", StringComparison.Ordinal);
    }
}
