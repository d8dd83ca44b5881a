using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Polly.Timeout;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// The state of one facade call across its attempts: what kind of call it is now (an insert becomes
/// <see cref="CallKind.DeduplicatedInsert"/> once it carries a token), how many attempts ran, the last failure, and
/// whether the overall deadline cut an attempt short. The pipeline's predicate and the facade both read it.
/// </summary>
internal sealed class ResilientCall(CallKind kind, CancellationToken callerToken)
{
    public CallKind Kind { get; set; } = kind;

    /// <summary>The caller's own token. Inserts run their statement under it alone (see <see cref="RunAttemptAsync{T}"/>).</summary>
    public CancellationToken CallerToken { get; } = callerToken;

    public int Attempts { get; private set; }

    /// <summary>The failure the retry predicate saw last.</summary>
    public Exception? LastFailure { get; set; }

    /// <summary>Set by the attempt once its statement may have reached the server (after the lease).</summary>
    public bool StatementStarted { get; set; }

    private bool CutByDeadline { get; set; }

    /// <summary>
    /// Runs one attempt under <paramref name="pipelineToken"/> (the caller's token linked with the overall timeout).
    /// An insert's statement deliberately ignores that token and ends by CommandTimeout instead: cancelling it
    /// mid-data would turn a clean outcome into an unknown one.
    /// </summary>
    public async ValueTask<T> RunAttemptAsync<T>(Func<ResilientCall, CancellationToken, ValueTask<T>> attempt, CancellationToken pipelineToken)
    {
        Attempts++;
        StatementStarted = false;
        try
        {
            return await attempt(this, pipelineToken);
        }
        catch (OperationCanceledException) when (pipelineToken.IsCancellationRequested && !CallerToken.IsCancellationRequested)
        {
            CutByDeadline = true;
            throw;
        }
    }

    /// <summary>
    /// Turns Polly's <see cref="TimeoutRejectedException"/> (a type callers never see) into what they can act on.
    /// Timed out between attempts: the last failure, as if the retries had run out (it carries the right type and
    /// outcome). Timed out during an attempt: a connection error naming RetryTimeout, whose outcome says whether the
    /// statement had been sent, caused by a <see cref="TimeoutException"/> wrapping the previous failure if any.
    /// </summary>
    [DoesNotReturn]
    public void ThrowDeadlineExceeded(TimeSpan budget)
    {
        if (!CutByDeadline && LastFailure is not null)
        {
            ExceptionDispatchInfo.Throw(LastFailure);
        }

        var last = LastFailure is null ? string.Empty : $" The last failure was: {LastFailure.Message}";
        throw new ClickHouseConnectionException(
            $"The call did not complete within {budget.TotalSeconds:0.###} s (CLICKHOUSE_RETRY_TIMEOUT) after {Attempts} attempt(s).{last}",
            StatementStarted ? ClickHouseOutcome.Unknown : ClickHouseOutcome.NotExecuted,
            new TimeoutException("Retry timeout", LastFailure));
    }
}
