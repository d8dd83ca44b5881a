using Ja4Data.Cli.CommandLine;
using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Commands;

/// <summary>The options of <c>ja4data ingest</c>.</summary>
internal sealed class IngestSettings : WorkloadSettings
{
    [CommandOption("--block <K>")]
    [Description("Rows per Native block within an INSERT (bounds the client's memory)")]
    [DefaultValue("10k")]
    [CountRange(1, 10_000_000)]
    public Count Block { get; init; }

    [CommandOption("--columnar")]
    [Description("Bulk writer fed whole typed columns (AppendColumn<T>); the default")]
    public bool Columnar { get; init; }

    [CommandOption("--rows-api")]
    [Description("ClickHouseConnection.InsertAsync with one object?[[]] per row")]
    public bool RowsApi { get; init; }

    [CommandOption("--target <TARGET>")]
    [Description("raw: JSON lines into http_logs_raw, parsed by the materialized views; wide: a typed MergeTree; null: a typed Null table (measures the client, not storage)")]
    [DefaultValue("raw")]
    public string Target { get; init; } = "raw";

    [CommandOption("--seed <S>")]
    [Description("Generator seed: the same seed gives the same rows")]
    [DefaultValue("4")]
    [CountRange(0)]
    public Count Seed { get; init; }

    [CommandOption("--producers <N>")]
    [Description("Drive a ClickHouseIngestBuffer instead: N producers add single rows (raw: JSON lines, checked parsed in http_logs; wide, null: typed records); --batch is its MaxBatchRows, --workers its MaxConcurrentFlushes")]
    [DefaultValue("0")]
    [CountRange(0, 1024)]
    public Count Producers { get; init; }

    [CommandOption("--capacity <C>")]
    [Description("With --producers: rows the buffer queues before AddAsync waits")]
    [DefaultValue("200k")]
    [CountRange(1, 100_000_000)]
    public Count Capacity { get; init; }

    [CommandOption("--compare")]
    [Description("With --producers: also time one facade InsertAsync and one columnar bulk writer of the same rows")]
    public bool Compare { get; init; }

    public BufferedIngestOptions ToBufferedOptions()
        => new(Rows.Value, Producers.Int32, Batch.Int32, Capacity.Int32, Workers.Int32, (ulong)Seed.Value, Compare);

    public IngestOptions ToIngestOptions() => ToIngestOptions(RowsApi ? InsertMode.Rows : InsertMode.Columnar, (ulong)Seed.Value, Block.Int32);

    public override ValidationResult Validate()
    {
        if (Columnar && RowsApi)
        {
            return ValidationResult.Error("Choose one of --columnar and --rows-api.");
        }

        if (!IngestCommand.Targets.ContainsKey(Target))
        {
            return ValidationResult.Error($"--target must be one of {string.Join(", ", IngestCommand.Targets.Keys)}, not '{Target}'.");
        }

        // A Distributed table acknowledges before it forwards, so the arrival check of one server would not hold.
        if (Producers.Value > 0 && Cluster)
        {
            return ValidationResult.Error("--producers writes to one server; leave out --cluster.");
        }

        if (Producers.Value > 0 && Rows.Value > 20_000_000)
        {
            return ValidationResult.Error("--producers generates every row before the clock starts: use --rows 20M or fewer.");
        }

        if ((Compare || Capacity.Value != 200_000) && Producers.Value == 0)
        {
            return ValidationResult.Error("--compare and --capacity go with --producers N.");
        }

        // The typed tables are made on the first host only; the raw target deploys the schema ON CLUSTER.
        return Cluster && Target != "raw"
            ? ValidationResult.Error($"--cluster ingests into the ja4 schema (--target raw); '{Target}' is a table on one server.")
            : base.Validate();
    }
}
