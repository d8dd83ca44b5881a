namespace Ja4Data;

/// <summary>
/// A migration recorded as applied has different text now (its checksum changed). Raised before anything runs:
/// an applied migration must never be edited; add a new migration instead.
/// </summary>
/// <param name="message">Names every drifted migration; the other parameters describe the first.</param>
/// <param name="version">The drifted migration's version.</param>
/// <param name="migrationName">The drifted migration's name.</param>
/// <param name="storedChecksum">The checksum recorded on the server when it was applied.</param>
/// <param name="currentChecksum">The checksum of the migration as this library ships it.</param>
public sealed class SchemaDriftException(string message, int version, string migrationName, string storedChecksum, string currentChecksum)
    : ClickHouseException(message)
{
    /// <summary>The drifted migration's version.</summary>
    public int Version { get; } = version;

    /// <summary>The drifted migration, for example <c>0002_logs_http_logs</c>.</summary>
    public string MigrationName { get; } = migrationName;

    /// <summary>The checksum recorded on the server when it was applied.</summary>
    public string StoredChecksum { get; } = storedChecksum;

    /// <summary>The checksum of the migration as this library ships it.</summary>
    public string CurrentChecksum { get; } = currentChecksum;

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.NotExecuted;
}
