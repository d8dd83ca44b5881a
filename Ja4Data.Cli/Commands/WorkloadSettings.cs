using Ja4Data.Cli.CommandLine;
using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Commands;

/// <summary>How much the demo and the load generator ingest, and how hard.</summary>
internal abstract class WorkloadSettings : LocalServerSettings
{
    [CommandOption("--rows <N>")]
    [Description("Rows in total")]
    [DefaultValue("1M")]
    [CountRange(1)]
    public Count Rows { get; init; }

    [CommandOption("--workers <W>")]
    [Description("Concurrent workers, each inserting whole batches through the pool")]
    [DefaultValue("4")]
    [CountRange(1, 256)]
    public Count Workers { get; init; }

    [CommandOption("--cluster")]
    [Description("Start a throw-away local cluster (ZooKeeper, 2 shards x 2 replicas) and use every node, round robin: the schema ON CLUSTER, inserts into its Distributed tables")]
    public bool Cluster { get; init; }

    [CommandOption("--batch <B>")]
    [Description("Rows per INSERT")]
    [DefaultValue("50k")]
    [CountRange(1, 10_000_000)]
    public Count Batch { get; init; }

    protected override bool StartLocalCluster => Cluster;

    public override ValidationResult Validate()
        => Cluster && (Host is not null || Local)
            ? ValidationResult.Error("--cluster starts a cluster of its own: leave out --host and --local.")
            : base.Validate();

    /// <summary>The options with this command's insert mode, seed and block size.</summary>
    protected IngestOptions ToIngestOptions(InsertMode mode, ulong seed, int blockSize)
        => IngestOptions.Recent(Rows.Value, Workers.Int32, Batch.Int32, mode, seed, blockSize);
}
