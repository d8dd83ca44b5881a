using Microsoft.Extensions.ObjectPool;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// Creates empty slots and decides what may go back into the idle store: only connectors that are Ready with no
/// statement pending, of the current pool generation and younger than the configured lifetime. Everything else is
/// disposed here, so it is never handed out again.
/// </summary>
internal sealed class ConnectorPoolPolicy(ConnectorPool pool) : IPooledObjectPolicy<ConnectorSlot>
{
    public ConnectorSlot Create() => new();

    public bool Return(ConnectorSlot obj)
    {
        if (obj.Connector is null)
        {
            return false;
        }

        if (pool.UnusableReason(obj) is not { } reason)
        {
            return true;
        }

        pool.Discard(obj, reason);
        return false;
    }
}
