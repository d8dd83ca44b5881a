namespace Ja4Data.Core.Resilience;

/// <summary>
/// Retry delays: exponential from RetryBaseDelay, doubling, the nominal delay capped at RetryMaxDelay, then stretched
/// by a random 0-25 % so callers that failed together (a server restart) do not come back together.
/// </summary>
/// <remarks>
/// The jitter only lengthens delays, never shortens them: the nominal schedule is a guaranteed minimum, so the
/// defaults (0.2 s base, 5 s cap, 6 retries: 0.2 + 0.4 + 0.8 + 1.6 + 3.2 + 5 = 11.2 s) always bridge a 10 s restart.
/// Polly's own jitter (decorrelated) can shorten the total below that.
/// </remarks>
internal static class BackoffSchedule
{
    public const double JitterFraction = 0.25;

    /// <summary>The delay before retry number <paramref name="attempt"/> (0 = the first retry), before jitter.</summary>
    public static TimeSpan Nominal(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var doublings = Math.Min(attempt, 30);
        var ticks = Math.Min(baseDelay.Ticks * (double)(1L << doublings), maxDelay.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(ticks, 0));
    }

    /// <summary>The nominal delay stretched by <paramref name="unitRandom"/> (in [0, 1)) times <see cref="JitterFraction"/>.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
        => TimeSpan.FromTicks((long)(Nominal(attempt, baseDelay, maxDelay).Ticks * (1 + (JitterFraction * Math.Clamp(unitRandom, 0, 1)))));

    /// <summary>The shortest total wait of <paramref name="retries"/> retries: the longest outage they surely bridge.</summary>
    public static TimeSpan MinimumSpan(int retries, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var total = TimeSpan.Zero;
        for (var i = 0; i < retries; i++)
        {
            total += Nominal(i, baseDelay, maxDelay);
        }

        return total;
    }
}
