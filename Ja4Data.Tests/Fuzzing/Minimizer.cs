using System.Diagnostics;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>
/// Shrinks a failing input while it still fails the same way (delta debugging: drop chunks of halving size, keep a
/// removal whenever the finding's signature survives it), within a budget of runs and time.
/// </summary>
internal static class Minimizer
{
    public static async Task<byte[]> MinimizeAsync(byte[] input, Func<byte[], Task<bool>> stillFails, int maxRuns = 400, TimeSpan? maxTime = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = maxTime ?? TimeSpan.FromSeconds(60);
        var runs = 0;
        var current = input;
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start < current.Length;)
            {
                if (runs++ >= maxRuns || clock.Elapsed > limit)
                {
                    return current;
                }

                var end = Math.Min(current.Length, start + chunk);
                byte[] candidate = [.. current.AsSpan(0, start), .. current.AsSpan(end)];
                if (await stillFails(candidate))
                {
                    current = candidate;
                }
                else
                {
                    start += chunk;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return current;
    }
}
