namespace Ja4Data;

/// <summary>What a deployment did, or in a dry run would do, with one migration.</summary>
public enum MigrationStatus
{
    /// <summary>Executed and recorded by this deployment.</summary>
    Applied,

    /// <summary>Recorded by an earlier deployment with the same checksum; nothing was run.</summary>
    AlreadyApplied,

    /// <summary>Not run because the server is older than the migration's minimum version; not recorded, so it runs after an upgrade.</summary>
    Skipped,

    /// <summary>Dry run: would be executed.</summary>
    Planned,
}
