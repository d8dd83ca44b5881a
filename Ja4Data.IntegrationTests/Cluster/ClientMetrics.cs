using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>Counts what the Ja4Data meter reports for one client: retries by operation and error, hosts marked down.</summary>
internal sealed class ClientMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly HashSet<string> _pools;

    public ClientMetrics(ClickHouseClient client)
    {
        _pools = [client.Pool.Name, .. client.Pool.Hosts.Select(h => h.Pool.Name)];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ja4Data" && instrument.Name is "ja4data.retries" or "ja4data.host.marked_down")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (map.GetValueOrDefault("db.client.connection.pool.name") is string pool && _pools.Contains(pool))
            {
                _measurements.Enqueue((instrument.Name, value, map));
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>, optionally only where every given tag has the given value.</summary>
    public long Sum(string instrument, params (string Tag, object? Value)[] where) => _measurements
        .Where(m => m.Instrument == instrument && where.All(w => Equals(m.Tags.GetValueOrDefault(w.Tag), w.Value)))
        .Sum(m => m.Value);

    /// <summary>Retries grouped by "operation / error type".</summary>
    public string RetriesByKind() => string.Join(", ", _measurements
        .Where(m => m.Instrument == "ja4data.retries")
        .GroupBy(m => $"{m.Tags.GetValueOrDefault("ja4data.operation")}/{m.Tags.GetValueOrDefault("error.type")}")
        .Select(g => $"{g.Key}: {g.Sum(m => m.Value)}"));

    public void Dispose() => _listener.Dispose();
}
