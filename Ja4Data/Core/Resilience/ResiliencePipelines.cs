using System.Diagnostics;
using Ja4Data.Core.Diagnostics;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// The Polly pipeline every facade call runs in: an overall timeout (RetryTimeout) around a retry whose predicate is
/// <see cref="RetryClassifier"/> and whose delays are <see cref="BackoffSchedule"/>. Each attempt leases a fresh
/// connection (the failed one was discarded by the pool), so a retry also reconnects. Per attempt, the pool's
/// acquire timeout, ConnectTimeout and CommandTimeout bound each wait; cancellation is honoured at every one.
/// </summary>
internal static class ResiliencePipelines
{
    /// <summary>The call's state, for the retry predicate.</summary>
    public static readonly ResiliencePropertyKey<ResilientCall> Call = new("ja4data.call");

    /// <param name="settings">RetryMaxAttempts, RetryBaseDelay, RetryMaxDelay, RetryTimeout.</param>
    /// <param name="poolName">Tags the retries counter.</param>
    /// <param name="timeProvider">Clock of delays and the timeout; tests pass a fake one.</param>
    /// <param name="unitRandom">Jitter source in [0, 1); tests pin it.</param>
    public static ResiliencePipeline Create(ClickHouseSettings settings, string poolName, TimeProvider? timeProvider = null, Func<double>? unitRandom = null)
    {
        var random = unitRandom ?? Random.Shared.NextDouble;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.RetryTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.RetryTimeout });
        }

        if (settings.RetryMaxAttempts > 0)
        {
            var pool = new KeyValuePair<string, object?>(Ja4DataMetrics.PoolTag, poolName);
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.RetryMaxAttempts,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome.Exception, args.AttemptNumber)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    BackoffSchedule.Delay(args.AttemptNumber, settings.RetryBaseDelay, settings.RetryMaxDelay, random())),
                OnRetry = args =>
                {
                    var tags = new TagList
                    {
                        pool,
                        { Ja4DataMetrics.OperationTag, KindOf(args.Context).ToString() },
                        { Ja4DataMetrics.ErrorTypeTag, ErrorType(args.Outcome.Exception) },
                    };
                    if (args.Context.Properties.GetValue(Call, null!)?.Host is { } host)
                    {
                        // The host the failed attempt ran on.
                        tags.Add(Ja4DataMetrics.ServerAddressTag, host.Host);
                        tags.Add(Ja4DataMetrics.ServerPortTag, host.Port);
                    }

                    Ja4DataMetrics.Retries.Add(1, tags);
                    DbOperation.CurrentCall?.RecordRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private static bool ShouldRetry(ResilienceContext context, Exception? exception, int attemptNumber)
    {
        if (exception is null)
        {
            return false;
        }

        var call = context.Properties.GetValue(Call, null!);
        if (call is not null)
        {
            call.LastFailure = exception;
        }

        return RetryClassifier.Classify(exception, call?.Kind ?? CallKind.Command) switch
        {
            RetryVerdict.Retry => true,
            RetryVerdict.RetryOnce => attemptNumber == 0,
            _ => false,
        };
    }

    private static CallKind KindOf(ResilienceContext context) => context.Properties.GetValue(Call, null!)?.Kind ?? CallKind.Command;

    /// <summary>Low-cardinality error tag: the server error name (or code), else the exception type.</summary>
    internal static string ErrorType(Exception? exception) => exception switch
    {
        ClickHouseServerException server => server.ErrorName ?? server.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null => "none",
        _ => exception.GetType().Name,
    };
}
