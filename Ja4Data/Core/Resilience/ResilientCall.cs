using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Polly.Timeout;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// The state of one facade call across its attempts: what kind of call it is now (an insert becomes
/// <see cref="CallKind.DeduplicatedInsert"/> once it carries a token or its table deduplicates), how many attempts
/// ran, the hosts they failed on (a retry goes elsewhere first), the last failure, the first attempt whose outcome
/// is unknown, and whether the overall deadline cut an attempt short. The pipeline's predicate and the facade both
/// read it.
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

    /// <summary>The server of the running attempt, once it leased a connection; null before.</summary>
    public ClickHouseHost? Host { get; set; }

    /// <summary>Servers an attempt of this call failed on, in order: the next lease tries them after every other host.</summary>
    public IReadOnlyCollection<ClickHouseHost> FailedHosts => _failedHosts;

    /// <summary>How the running attempt makes a repeat harmless: set by an insert attempt before it sends data.</summary>
    public InsertDeduplication AttemptDeduplication { get; set; }

    /// <summary>
    /// The first attempt whose data left without an acknowledgement: from then on the call may have stored blocks,
    /// so a repeat must be recognised as one (<see cref="StoredDeduplication"/>) and a final failure never claims less.
    /// </summary>
    public ClickHouseInsertOutcomeUnknownException? UnknownOutcome { get; private set; }

    /// <summary>How the attempt behind <see cref="UnknownOutcome"/> was deduplicated: a repeat must use the same means.</summary>
    public InsertDeduplication StoredDeduplication { get; private set; }

    /// <summary>Where the running attempt's table remembers blocks (Core.Inserts.InsertTarget.Scope); null when unknown.</summary>
    public string? AttemptScope { get; set; }

    /// <summary>The scope of the attempt behind <see cref="UnknownOutcome"/>: a repeat is recognised only within it.</summary>
    public string? StoredScope { get; private set; }

    private readonly List<ClickHouseHost> _failedHosts = [];

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
        Host = null;
        AttemptDeduplication = InsertDeduplication.None;
        AttemptScope = null;
        try
        {
            return await attempt(this, pipelineToken);
        }
        catch (OperationCanceledException) when (pipelineToken.IsCancellationRequested && !CallerToken.IsCancellationRequested)
        {
            CutByDeadline = true;
            throw;
        }
        catch (Exception ex)
        {
            NoteFailure(ex);
            throw;
        }
    }

    /// <summary>
    /// The exception a failed call surfaces: <paramref name="final"/>, unless an earlier attempt's outcome is unknown
    /// and <paramref name="final"/> claims less (nothing sent, or a plain failure): then an unknown outcome that names
    /// the earlier attempt's blocks and carries <paramref name="final"/> as its cause, so no caller reads "not stored"
    /// where some blocks may be.
    /// </summary>
    public Exception Surfaced(Exception final)
        => UnknownOutcome is { } unknown && final is ClickHouseException and not ClickHouseInsertOutcomeUnknownException
            ? new ClickHouseInsertOutcomeUnknownException(unknown.Table, unknown.QueryId, unknown.RowsSent, unknown.BlocksSent, final)
            : final;

    private void NoteFailure(Exception exception)
    {
        if (Host is { } host && !_failedHosts.Contains(host))
        {
            _failedHosts.Add(host);
        }

        if (exception is ClickHouseInsertOutcomeUnknownException unknown && UnknownOutcome is null)
        {
            UnknownOutcome = unknown;
            StoredDeduplication = AttemptDeduplication;
            StoredScope = AttemptScope;
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
            ExceptionDispatchInfo.Throw(Surfaced(LastFailure));
        }

        var last = LastFailure is null ? string.Empty : $" The last failure was: {LastFailure.Message}";
        throw Surfaced(new ClickHouseConnectionException(
            $"The call did not complete within {budget.TotalSeconds:0.###} s (CLICKHOUSE_RETRY_TIMEOUT) after {Attempts} attempt(s).{last}",
            StatementStarted ? ClickHouseOutcome.Unknown : ClickHouseOutcome.NotExecuted,
            new TimeoutException("Retry timeout", LastFailure)));
    }
}
