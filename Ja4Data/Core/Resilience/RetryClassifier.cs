using System.Collections.Frozen;
using System.Security.Authentication;
using Ja4Data.Sql;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// Decides whether a failed attempt may be repeated. Two questions: might it succeed next time
/// (<see cref="System.Data.Common.DbException.IsTransient"/>), and could repeating it do something twice
/// (<see cref="ClickHouseException.Outcome"/> and the <see cref="CallKind"/>)? The table is in docs/reliability.md
/// ("Retry classification") and every row is unit-tested.
/// </summary>
/// <remarks>
/// Inserts rely on one invariant of <see cref="Inserts.InsertSession"/>, which every insert runs through: every failure
/// with an unknown outcome after the first data block left the client becomes <see cref="ClickHouseInsertOutcomeUnknownException"/>.
/// So any other connection failure of an insert happened before data left, and a native INSERT that received no
/// complete data block stores nothing: safe to repeat. A server error during an insert may follow stored blocks,
/// so only the codes rejected before execution are repeated without a deduplication token.
/// </remarks>
internal static class RetryClassifier
{
    // Transient but usually deterministic for the same statement (too slow, too big, errno-level): one more try.
    private static readonly FrozenSet<int> OnceOnly = new[] { 159, 241, 425 }.ToFrozenSet();

    /// <summary>
    /// The kind of a facade <c>Query</c> or <c>Command</c>, decided by its SQL and not by the method it came through:
    /// a read when the statement is provably read-only (<see cref="SqlStatementClassifier"/>), else a command, which is
    /// never repeated once it may have reached the server.
    /// </summary>
    public static CallKind KindOfStatement(string sql)
        => SqlStatementClassifier.Classify(sql) == SqlStatementEffect.ReadOnly ? CallKind.Read : CallKind.Command;

    public static RetryVerdict Classify(Exception? exception, CallKind kind) => exception switch
    {
        null => RetryVerdict.Stop,
        ClickHouseInsertOutcomeUnknownException => kind == CallKind.DeduplicatedInsert ? RetryVerdict.Retry : RetryVerdict.Stop,
        // It already waited PoolAcquireTimeout; repeating would only lengthen the queue it is stuck in.
        ClickHousePoolExhaustedException => RetryVerdict.Stop,
        ClickHouseServerException server => ClassifyServer(server, kind),
        ClickHouseConnectionException connection => ClassifyConnection(connection, kind),
        // Protocol errors (a bug or corruption), data and configuration errors, cancellation, anything not ours.
        _ => RetryVerdict.Stop,
    };

    private static RetryVerdict ClassifyServer(ClickHouseServerException exception, CallKind kind)
    {
        if (!exception.IsTransient)
        {
            return RetryVerdict.Stop;
        }

        if (exception.Outcome == ClickHouseOutcome.NotExecuted)
        {
            return RetryVerdict.Retry;
        }

        if (kind is CallKind.Command or CallKind.Insert)
        {
            return RetryVerdict.Stop;
        }

        return OnceOnly.Contains(exception.ErrorCode) ? RetryVerdict.RetryOnce : RetryVerdict.Retry;
    }

    private static RetryVerdict ClassifyConnection(ClickHouseConnectionException exception, CallKind kind)
    {
        if (IsCertificateFailure(exception))
        {
            return RetryVerdict.Stop;
        }

        if (exception.Outcome == ClickHouseOutcome.NotExecuted)
        {
            return RetryVerdict.Retry;
        }

        if (kind == CallKind.Command)
        {
            return RetryVerdict.Stop;
        }

        // Our own command timeout: a hung connection deserves one fresh try, a slow statement no more.
        return exception.InnerException is TimeoutException ? RetryVerdict.RetryOnce : RetryVerdict.Retry;
    }

    // A certificate the client rejects stays rejected; an interrupted TLS handshake surfaces as an IOException instead.
    private static bool IsCertificateFailure(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
