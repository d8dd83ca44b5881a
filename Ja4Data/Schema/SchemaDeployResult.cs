namespace Ja4Data;

/// <summary>The result of <see cref="SchemaDeployer.DeployAsync"/>.</summary>
/// <param name="Outcomes">One entry per known migration, in version order.</param>
/// <param name="ServerVersion">The server's <c>version()</c>, which decided what was skipped.</param>
/// <param name="Statements">
/// Every statement that changed (in a dry run: would change) the server, in order: database and migrations-table
/// creation, each migration's statements and its record. Empty when the schema was already up to date.
/// </param>
/// <param name="DryRun">True when nothing was executed.</param>
public sealed record SchemaDeployResult(IReadOnlyList<MigrationOutcome> Outcomes, Version ServerVersion, IReadOnlyList<string> Statements, bool DryRun)
{
    /// <summary>The cluster the statements ran <c>ON CLUSTER</c> of, or null when they ran on one server.</summary>
    public string? Cluster { get; init; }
}
