using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ja4Data.TestSupport;

/// <summary>Listens to the <c>Ja4Data</c> meter and keeps the measurements whose tag (by default the pool name) has one of the given values.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly string _tag;
    private readonly HashSet<string> _values;

    /// <summary>Keeps the measurements whose <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public static MetricsRecorder ForTag(string tag, string value) => new(tag, [value]);

    public MetricsRecorder(params string[] poolNames)
        : this("db.client.connection.pool.name", poolNames)
    {
    }

    private MetricsRecorder(string tag, string[] values)
    {
        _tag = tag;
        _values = [.. values];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ja4Data")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    /// <summary>The sum of a counter's measurements, optionally only those with the given tag value.</summary>
    public double Sum(string instrument, string? tag = null, string? value = null)
        => _measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    /// <summary>The measurements of a client: its data source's pool and each of its hosts' pools.</summary>
    public static MetricsRecorder ForClient(ClickHouseClient client)
        => new([client.Pool.Name, .. client.Pool.Hosts.Select(h => h.Pool.Name)]);

    /// <summary>The sum of a counter's measurements where every given tag has the given value.</summary>
    public double SumWhere(string instrument, params (string Tag, object? Value)[] where)
        => _measurements.Where(m => m.Instrument == instrument && where.All(w => Equals(m.Tags.GetValueOrDefault(w.Tag), w.Value))).Sum(m => m.Value);

    /// <summary>Retries grouped by "operation/error type", for the record.</summary>
    public string RetriesByKind() => string.Join(", ", _measurements
        .Where(m => m.Instrument == "ja4data.retries")
        .GroupBy(m => $"{m.Tags.GetValueOrDefault("ja4data.operation")}/{m.Tags.GetValueOrDefault("error.type")}")
        .Select(g => $"{g.Key}: {g.Sum(m => m.Value)}"));

    public int Count(string instrument) => _measurements.Count(m => m.Instrument == instrument);

    public IReadOnlyList<double> Values(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();

    /// <summary>Reads the observable instruments now and returns the value reported for the pool (with the given tag value).</summary>
    public double Observe(string instrument, string? tag = null, string? value = null)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        return _measurements.Skip(before).Last(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Value;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        if (map.GetValueOrDefault(_tag) is string tagValue && _values.Contains(tagValue))
        {
            _measurements.Enqueue((instrument.Name, value, map));
        }
    }
}
