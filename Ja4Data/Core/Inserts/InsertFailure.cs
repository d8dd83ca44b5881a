namespace Ja4Data.Core.Inserts;

/// <summary>
/// Whether a failed insert may have stored some of its data. Blocks are stored one by one as they arrive, so once a
/// data block has left the client any failure — a lost connection or an error the server reports after some blocks
/// (memory, a failing materialized view) — may leave a prefix stored. Such failures are reported as
/// <see cref="ClickHouseInsertOutcomeUnknownException"/>, never as a plain failure the caller could safely repeat.
/// </summary>
internal static class InsertFailure
{
    public static bool MayHaveStoredData(ClickHouseException exception, ActiveQuery query)
        => query.BlocksSent > 0 && exception is not ClickHouseDataException && exception.Outcome != ClickHouseOutcome.NotExecuted;
}
