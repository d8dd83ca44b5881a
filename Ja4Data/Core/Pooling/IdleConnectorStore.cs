using Microsoft.Extensions.ObjectPool;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// The pool's idle connectors: an <see cref="ObjectPool{T}"/> whose <see cref="IPooledObjectPolicy{T}"/> creates empty
/// slots and vets every connector that comes back. Leases take the most recently used connector (LIFO), so under
/// light load the surplus stays at the bottom, idles out and is pruned from there.
/// </summary>
/// <remarks>
/// Not <see cref="DefaultObjectPool{T}"/>: its overflow queue is FIFO (every connector stays warm, none ever idles
/// out), it silently drops what does not fit (a leaked socket here) and it cannot be inspected for pruning.
/// </remarks>
internal sealed class IdleConnectorStore(IPooledObjectPolicy<ConnectorSlot> policy) : ObjectPool<ConnectorSlot>
{
    private readonly Lock _lock = new();

    // Index 0 is the bottom (idle longest); the end is the top (most recently returned).
    private readonly List<ConnectorSlot> _slots = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>The most recently returned slot, or a new empty one when none is idle.</summary>
    public override ConnectorSlot Get()
    {
        lock (_lock)
        {
            if (_slots.Count > 0)
            {
                var top = _slots[^1];
                _slots.RemoveAt(_slots.Count - 1);
                return top;
            }
        }

        return policy.Create();
    }

    /// <summary>Keeps the slot if the policy accepts it (the policy disposes what it refuses).</summary>
    public override void Return(ConnectorSlot obj)
    {
        if (policy.Return(obj))
        {
            lock (_lock)
            {
                _slots.Add(obj);
            }
        }
    }

    /// <summary>
    /// Closes every idle slot for which <paramref name="verdict"/> gives a reason, oldest first. The discard runs under
    /// the store's lock, so no lease can see the store short of a connector that is still open: the pool's bound on
    /// open connections holds even while it prunes.
    /// </summary>
    public void DiscardWhere(Func<ConnectorSlot, string?> verdict, Action<ConnectorSlot, string> discard)
    {
        lock (_lock)
        {
            for (var i = 0; i < _slots.Count;)
            {
                var slot = _slots[i];
                if (verdict(slot) is { } reason)
                {
                    _slots.RemoveAt(i);
                    discard(slot, reason);
                }
                else
                {
                    i++;
                }
            }
        }
    }
}
