namespace Ja4Data.TestSupport;

/// <summary>
/// Bounded polling for what happens on another thread or across loopback (a FIN arriving, a background sweep):
/// the caller asserts on the result, so a slow machine makes a test wait longer, never pass wrongly.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> (10 s) passes.</summary>
    /// <returns>Whether the condition held at the last look.</returns>
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
        => TrueAsync(() => Task.FromResult(condition()), timeout);

    /// <inheritdoc cref="TrueAsync(Func{bool}, TimeSpan?)"/>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(Interval);
        }

        return await condition();
    }
}
