namespace Ja4Data.Cli.CommandLine;

/// <summary>
/// The server options of the commands that can start a throw-away local clickhouse-server (demo, ingest, bench):
/// they do unless --host is given or CLICKHOUSE_HOST is set in the process environment, or always with --local.
/// </summary>
internal abstract class LocalServerSettings : ServerSettings
{
    [CommandOption("--local")]
    [Description("Start a throw-away local clickhouse-server even if a server is configured")]
    public bool Local { get; init; }

    protected override bool ForceLocal => Local;

    public override ValidationResult Validate()
        => Local && Host is not null
            ? ValidationResult.Error("--local and --host contradict each other: --local starts a server of its own.")
            : base.Validate();
}
