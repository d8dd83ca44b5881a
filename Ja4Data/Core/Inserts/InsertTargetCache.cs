using System.Collections.Concurrent;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// The <see cref="InsertTarget"/> of each table a data source inserted into, for <see cref="Lifetime"/>: a table's
/// engine changes only when it is dropped and created again, so one lookup per table and minute is plenty.
/// </summary>
internal sealed class InsertTargetCache(TimeProvider time)
{
    /// <summary>How long a classification is trusted.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Table names come from the application, not the network; the bound only keeps a runaway caller from growing it forever.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (InsertTarget Target, long At)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The classification of <paramref name="table"/> (as the caller wrote it) if one is fresh.</summary>
    public bool TryGet(string table, out InsertTarget target)
    {
        if (_entries.TryGetValue(table, out var entry) && time.GetElapsedTime(entry.At) < Lifetime)
        {
            target = entry.Target;
            return true;
        }

        target = null!;
        return false;
    }

    public void Set(string table, InsertTarget target)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[table] = (target, time.GetTimestamp());
    }
}
