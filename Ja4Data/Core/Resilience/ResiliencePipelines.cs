using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ja4Data.Core.Resilience;

/// <summary>
/// The Polly pipeline every facade call runs in: an overall timeout around an exponential, jittered retry whose
/// predicate is <see cref="RetryClassifier"/>. Each attempt leases a fresh connection, so a retry also reconnects.
/// </summary>
internal static class ResiliencePipelines
{
    /// <summary>Whether the call may be repeated after an unknown outcome (reads).</summary>
    public static readonly ResiliencePropertyKey<bool> Idempotent = new("ja4data.idempotent");

    public static ResiliencePipeline Create(ClickHouseSettings settings, Action<int, Exception?>? onRetry = null)
    {
        var builder = new ResiliencePipelineBuilder();
        if (settings.RetryTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.RetryTimeout });
        }

        if (settings.RetryMaxAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.RetryMaxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    RetryClassifier.ShouldRetry(args.Outcome.Exception, args.Context.Properties.GetValue(Idempotent, false))),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber, args.Outcome.Exception);
                    return default;
                },
            });
        }

        return builder.Build();
    }
}
