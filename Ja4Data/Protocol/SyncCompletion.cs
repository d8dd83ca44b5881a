using System.Diagnostics;

namespace Ja4Data.Protocol;

/// <summary>
/// The sync API runs the one async core path with <c>async: false</c>: every awaited operation then blocks and
/// completes before returning, so the resulting ValueTask is already complete. This unwraps it (never
/// sync-over-async: nothing here waits for a pending task).
/// </summary>
internal static class SyncCompletion
{
    public static T Result<T>(ValueTask<T> task)
    {
        Debug.Assert(task.IsCompleted, "A sync-path call returned an incomplete ValueTask.");
        return task.GetAwaiter().GetResult();
    }

    public static void Wait(ValueTask task)
    {
        Debug.Assert(task.IsCompleted, "A sync-path call returned an incomplete ValueTask.");
        task.GetAwaiter().GetResult();
    }
}
