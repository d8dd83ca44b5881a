using Ja4Data.Cli.CommandLine;

namespace Ja4Data.Cli.Commands;

/// <summary>The options of <c>ja4data schema deploy</c>, which works on the configured server only (no --local).</summary>
internal sealed class SchemaDeploySettings : ServerSettings
{
    [CommandOption("--dry-run")]
    [Description("Print the SQL that would run; change nothing")]
    public bool DryRun { get; init; }
}
