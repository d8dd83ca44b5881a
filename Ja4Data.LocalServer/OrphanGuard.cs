using System.Collections.Concurrent;

namespace Ja4Data.LocalServer;

/// <summary>
/// Kills the servers a process started if it exits without disposing them (a test run that is cut short), so no
/// clickhouse-server outlives the test host holding ports and temp directories.
/// </summary>
internal static class OrphanGuard
{
    private static readonly ConcurrentDictionary<LocalClickHouseServer, byte> Live = new();
    private static int _hooked;

    public static void Track(LocalClickHouseServer server)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUpAll();
        }

        Live.TryAdd(server, 0);
    }

    public static void Untrack(LocalClickHouseServer server) => Live.TryRemove(server, out _);

    private static void CleanUpAll()
    {
        foreach (var server in Live.Keys)
        {
            server.AbandonOnExit();
        }
    }
}
