namespace Ja4Data;

/// <summary>What a failed call is known to have done on the server; retry decisions depend on it.</summary>
public enum ClickHouseOutcome
{
    /// <summary>Nothing reached the server: the statement did not run and can be repeated safely.</summary>
    NotExecuted,

    /// <summary>The statement may or may not have taken effect (for an insert: some blocks may be stored).</summary>
    Unknown,

    /// <summary>The server ran the statement and reported that it failed.</summary>
    Failed,
}
