namespace Ja4Data.Core.Resilience;

/// <summary>
/// Decides whether a failed call may be repeated. Two questions: might it succeed next time (transient), and could
/// repeating it do something twice (outcome)? A call that certainly did not run may always be repeated; a call with
/// an unknown outcome only if it is a read. Inserts whose data left the client are never repeated here.
/// </summary>
internal static class RetryClassifier
{
    public static bool ShouldRetry(Exception? exception, bool idempotent) => exception switch
    {
        ClickHouseInsertOutcomeUnknownException => false,
        ClickHouseDataException or ClickHouseConfigurationException => false,
        ClickHouseException ch when ch.IsTransient => ch.Outcome == ClickHouseOutcome.NotExecuted || idempotent,
        _ => false,
    };
}
