namespace Ja4Data.Core.Pooling;

/// <summary>
/// What the idle store holds: a slot that may carry an open connector, plus the pool's bookkeeping for it in the
/// pool's own clock (<see cref="TimeProvider"/> timestamps, so tests can move time). ObjectPool creates objects
/// synchronously, so its policy creates empty slots; the connection itself is opened (async) by the pool after a
/// lease finds the slot empty.
/// </summary>
internal sealed class ConnectorSlot
{
    public ClickHouseConnector? Connector { get; set; }

    /// <summary>The pool generation the connector was opened in; <see cref="ConnectorPool.Clear"/> bumps it.</summary>
    public int Generation { get; set; }

    /// <summary>When the connector was opened (pool clock).</summary>
    public long OpenedAt { get; set; }

    /// <summary>When the connector last went idle (pool clock).</summary>
    public long IdleSince { get; set; }
}
