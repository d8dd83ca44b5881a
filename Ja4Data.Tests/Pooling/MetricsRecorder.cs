using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ja4Data.Tests.Pooling;

/// <summary>Listens to the <c>Ja4Data</c> meter and keeps the measurements tagged with one pool's name (or another tag's value).</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly string _tag;
    private readonly string _value;

    public MetricsRecorder(string poolName)
        : this("db.client.connection.pool.name", poolName)
    {
    }

    public MetricsRecorder(string tag, string value)
    {
        _tag = tag;
        _value = value;
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

    public int Count(string instrument) => _measurements.Count(m => m.Instrument == instrument);

    public IReadOnlyList<double> Values(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();

    /// <summary>Reads the observable gauges now and returns the value reported for the pool.</summary>
    public double Observe(string instrument)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        return _measurements.Skip(before).Last(m => m.Instrument == instrument).Value;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        if (Equals(map.GetValueOrDefault(_tag), _value))
        {
            _measurements.Enqueue((instrument.Name, value, map));
        }
    }
}
