using System.Diagnostics;
using Microsoft.Extensions.ObjectPool;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// Decides what may go back into the idle store: only connectors that are Ready, of the current pool generation,
/// and younger than the configured lifetime. Everything else is disposed here, so it is never handed out again.
/// </summary>
internal sealed class ConnectorPoolPolicy(ConnectorPool pool) : IPooledObjectPolicy<ConnectorSlot>
{
    public ConnectorSlot Create() => new();

    public bool Return(ConnectorSlot slot)
    {
        if (slot.Connector is not { } connector)
        {
            return false;
        }

        if (pool.IsReusable(connector))
        {
            return true;
        }

        ConnectorPool.Discard(connector, "not reusable on return");
        slot.Connector = null;
        return false;
    }

    internal static TimeSpan Age(ClickHouseConnector connector) => Stopwatch.GetElapsedTime(connector.CreatedAt);
}
