namespace Ja4Data.Core.Pooling;

/// <summary>
/// A pooled connector and the pool's bookkeeping for it, in the pool's own clock (<see cref="TimeProvider"/>
/// timestamps, so tests can move time). <see cref="Connector"/> is null once the pool discarded it.
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
