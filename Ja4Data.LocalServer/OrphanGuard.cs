using System.Collections.Concurrent;

namespace Ja4Data.LocalServer;

/// <summary>Something that runs processes of ours and can end them, and delete their files, when the host exits.</summary>
internal interface IAbandonable
{
    /// <summary>Last-chance cleanup: kill by pid, delete the temp directory. Synchronous: the host is exiting.</summary>
    void AbandonOnExit();
}

/// <summary>
/// Kills the servers a process started if it exits without disposing them (a test run that is cut short), so no
/// clickhouse-server or ZooKeeper outlives the test host holding ports and temp directories.
/// </summary>
internal static class OrphanGuard
{
    private static readonly ConcurrentDictionary<IAbandonable, byte> Live = new();
    private static int _hooked;

    public static void Track(IAbandonable owner)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUpAll();
        }

        Live.TryAdd(owner, 0);
    }

    public static void Untrack(IAbandonable owner) => Live.TryRemove(owner, out _);

    private static void CleanUpAll()
    {
        foreach (var owner in Live.Keys)
        {
            owner.AbandonOnExit();
        }
    }
}
