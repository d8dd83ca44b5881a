namespace Ja4Data;

/// <summary>
/// Which of the servers in <see cref="ClickHouseSettings.Host"/> a lease goes to (docs/reliability.md, "Several
/// hosts"). Whatever the strategy, hosts marked down are skipped while others answer, and a lease that cannot reach
/// its host moves on to the next one.
/// </summary>
public enum ClickHouseLoadBalancing
{
    /// <summary><c>in_order</c>: the first healthy host in the list; the others stand by for failover.</summary>
    InOrder,

    /// <summary><c>round_robin</c>: each lease goes to the next healthy host in turn.</summary>
    RoundRobin,

    /// <summary><c>random</c>: each lease goes to a healthy host picked at random.</summary>
    Random,
}
