namespace Ja4Data.Core.Pooling;

/// <summary>
/// What <see cref="Microsoft.Extensions.ObjectPool.ObjectPool{T}"/> stores: a slot that may hold an open connector.
/// ObjectPool creates objects synchronously, so it creates empty slots; the connection itself is opened (async)
/// by the pool after a lease finds the slot empty.
/// </summary>
internal sealed class ConnectorSlot
{
    public ClickHouseConnector? Connector { get; set; }
}
