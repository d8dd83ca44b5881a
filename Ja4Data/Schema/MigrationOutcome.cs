namespace Ja4Data;

/// <summary>The result for one migration.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Status">What happened to it.</param>
/// <param name="Reason">Why it was skipped (<see cref="MigrationStatus.Skipped"/> only).</param>
/// <param name="Sql">The SQL run or to be run, database names substituted (<see cref="MigrationStatus.Applied"/> and <see cref="MigrationStatus.Planned"/>).</param>
public sealed record MigrationOutcome(Migration Migration, MigrationStatus Status, string? Reason = null, string? Sql = null);
