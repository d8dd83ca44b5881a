using System.Diagnostics.CodeAnalysis;

namespace Ja4Data.Core.Pooling;

/// <summary>
/// The pool's idle connectors, a stack: leases take the most recently returned one (LIFO), so under light load the
/// surplus stays at the bottom, idles out and is pruned from there.
/// </summary>
/// <remarks>
/// A store of its own rather than Microsoft.Extensions.ObjectPool, because the pool needs what no ObjectPool gives:
/// <list type="bullet">
/// <item>LIFO. <c>DefaultObjectPool</c> hands out the oldest item of its queue, so load rotates over every connector,
/// all stay warm and none ever idles out.</item>
/// <item>Inspection in place. The sweep and <c>Clear()</c> close idle connectors while they are still in the store,
/// under its lock, so no lease ever finds the store short of a connector that is still open: the bound on open
/// connections holds while the pool prunes. <c>ObjectPool&lt;T&gt;</c> has only Get and Return; pruning through them
/// would take connectors out, and a lease meanwhile would open more than the bound allows.</item>
/// <item>Nothing dropped silently. <c>DefaultObjectPool</c> lets go of what exceeds its capacity; here that would be an
/// open socket nobody counts or closes. The bound is the pool's gate, so this store needs no capacity.</item>
/// </list>
/// What to keep is the pool's decision (<see cref="ConnectorPool"/>); the store only holds.
/// </remarks>
internal sealed class IdleConnectorStore
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

    /// <summary>Takes the most recently returned slot; false when none is idle.</summary>
    public bool TryTake([NotNullWhen(true)] out ConnectorSlot? slot)
    {
        lock (_lock)
        {
            if (_slots.Count == 0)
            {
                slot = null;
                return false;
            }

            slot = _slots[^1];
            _slots.RemoveAt(_slots.Count - 1);
            return true;
        }
    }

    /// <summary>Puts a slot on top.</summary>
    public void Add(ConnectorSlot slot)
    {
        lock (_lock)
        {
            _slots.Add(slot);
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
