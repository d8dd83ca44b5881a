using Ja4Data.Protocol;
using Polly;
using Polly.Timeout;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// Runs facade calls in the pipeline: one <see cref="ResilientCall"/> per call, carried to the retry predicate in the
/// Polly context, and Polly's timeout turned into a ClickHouse error (<see cref="ResilientCall.ThrowDeadlineExceeded"/>).
/// </summary>
internal sealed class ResilientExecutor(ResiliencePipeline pipeline, TimeSpan retryTimeout)
{
    public static ResilientExecutor Create(ClickHouseSettings settings, string poolName, TimeProvider? timeProvider = null, Func<double>? unitRandom = null)
        => new(ResiliencePipelines.Create(settings, poolName, timeProvider, unitRandom), settings.RetryTimeout);

    /// <summary>The sync path: <paramref name="attempt"/> must complete synchronously (it runs with async: false).</summary>
    public T Execute<T>(CallKind kind, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt)
        => SyncCompletion.Result(ExecuteCoreAsync(kind, attempt, async: false, CancellationToken.None));

    public Task<T> ExecuteAsync<T>(CallKind kind, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
        => ExecuteCoreAsync(kind, attempt, async: true, cancellationToken).AsTask();

    // Polly's own sync entry point for the sync path: it runs the strategies synchronously (its retry delay then
    // blocks the calling thread), so the ValueTask returned is complete; its async entry point would await a timer.
    private async ValueTask<T> ExecuteCoreAsync<T>(CallKind kind, Func<ResilientCall, CancellationToken, ValueTask<T>> attempt, bool async, CancellationToken cancellationToken)
    {
        var call = new ResilientCall(kind, cancellationToken);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePipelines.Call, call);
        try
        {
            return async
                ? await pipeline.ExecuteAsync(static (ctx, s) => s.call.RunAttemptAsync(s.attempt, ctx.CancellationToken), context, (call, attempt))
                : pipeline.Execute(static (ctx, s) => SyncCompletion.Result(s.call.RunAttemptAsync(s.attempt, ctx.CancellationToken)), context, (call, attempt));
        }
        catch (TimeoutRejectedException)
        {
            call.ThrowDeadlineExceeded(retryTimeout);
            throw;
        }
        catch (ClickHouseException ex) when (call.Surfaced(ex) is var surfaced && !ReferenceEquals(surfaced, ex))
        {
            throw surfaced;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
