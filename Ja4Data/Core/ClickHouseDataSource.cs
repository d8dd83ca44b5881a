using System.Collections.Concurrent;
using Ja4Data.Core.Pooling;

namespace Ja4Data.Core;

/// <summary>
/// Everything shared by connections with the same settings: the pool (and, through it, the server). Connections
/// are cheap handles that lease connectors from here. One data source per distinct settings value per process.
/// </summary>
internal sealed class ClickHouseDataSource : IDisposable
{
    private static readonly ConcurrentDictionary<ClickHouseSettings, ClickHouseDataSource> Shared = new();

    /// <param name="settings">Validated here.</param>
    /// <param name="timeProvider">The pool's clock; tests pass a fake one.</param>
    /// <param name="open">Opens physical connections; tests substitute it.</param>
    public ClickHouseDataSource(ClickHouseSettings settings, TimeProvider? timeProvider = null, ConnectorFactory? open = null)
    {
        settings.Validate();
        Settings = settings;
        Pool = new ConnectorPool(settings, timeProvider, open);
    }

    public ClickHouseSettings Settings { get; }

    public ConnectorPool Pool { get; }

    /// <summary>The process-wide data source for these settings (ADO.NET connection-string pooling).</summary>
    public static ClickHouseDataSource For(ClickHouseSettings settings) => Shared.GetOrAdd(settings, static s => new ClickHouseDataSource(s));

    /// <summary>Closes the idle connections of every shared data source (ClickHouseConnection.ClearAllPools).</summary>
    public static void ClearAll()
    {
        foreach (var source in Shared.Values)
        {
            source.Pool.Clear();
        }
    }

    public void Dispose() => Pool.Dispose();
}
