namespace Ja4Data;

/// <summary>
/// A migration recorded as applied has different text now (its checksum changed). Raised before anything runs:
/// an applied migration must never be edited; add a new migration instead.
/// </summary>
public sealed class SchemaDriftException : ClickHouseException
{
    /// <summary>Creates the exception for the first drifted migration; <paramref name="message"/> names every drifted one.</summary>
    public SchemaDriftException(string message, int version, string migrationName, string storedChecksum, string currentChecksum)
        : base(message)
    {
        Version = version;
        MigrationName = migrationName;
        StoredChecksum = storedChecksum;
        CurrentChecksum = currentChecksum;
    }

    /// <summary>The drifted migration's version.</summary>
    public int Version { get; }

    /// <summary>The drifted migration, for example <c>0002_logs_http_logs</c>.</summary>
    public string MigrationName { get; }

    /// <summary>The checksum recorded on the server when it was applied.</summary>
    public string StoredChecksum { get; }

    /// <summary>The checksum of the migration as this library ships it.</summary>
    public string CurrentChecksum { get; }

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.NotExecuted;
}
