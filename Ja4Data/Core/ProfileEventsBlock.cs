using Ja4Data.Types;

namespace Ja4Data.Core;

/// <summary>
/// Interprets a ProfileEvents block (columns host_name, current_time, thread_id, type, name, value; docs/protocol.md, "Server packets"): increments
/// are summed per name, gauges keep their latest value. The value column is Int64 on current servers and UInt64 on
/// older ones, which wrote the same signed counters into it (a memory gauge goes down): a UInt64 value is reinterpreted
/// as Int64, never converted with an overflow check that a server's bytes could trip.
/// </summary>
internal static class ProfileEventsBlock
{
    private const string Gauge = "gauge";

    public static void AccumulateInto(Block block, Dictionary<string, long> events)
    {
        var name = Find(block, "name");
        var value = Find(block, "value");
        if (name?.Data is null || value?.Data is null)
        {
            return;
        }

        var type = Find(block, "type")?.Data;
        for (var row = 0; row < block.RowCount; row++)
        {
            if (name.Data.GetValue(row) is not string key)
            {
                continue;
            }

            var amount = value.Data.GetValue(row) switch
            {
                long signed => signed,
                ulong unsigned => unchecked((long)unsigned),
                var other => Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture),
            };
            var isGauge = type?.GetValue(row) is string kind && kind.Equals(Gauge, StringComparison.OrdinalIgnoreCase)
                || type?.GetValue(row) is sbyte code && code == 2;
            events[key] = isGauge ? amount : events.GetValueOrDefault(key) + amount;
        }
    }

    private static BlockColumn? Find(Block block, string column)
    {
        foreach (var candidate in block.Columns)
        {
            if (candidate.Name == column)
            {
                return candidate;
            }
        }

        return null;
    }
}
