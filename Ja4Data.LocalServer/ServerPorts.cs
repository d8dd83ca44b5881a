namespace Ja4Data.LocalServer;

/// <summary>
/// The loopback ports one local server listens on; fixed for its lifetime so a restart keeps them.
/// <see cref="Interserver"/> is the port replicas fetch parts from, set for cluster nodes only.
/// </summary>
internal sealed record ServerPorts(int Tcp, int Http, int? Tls, int? Interserver = null)
{
    public static ServerPorts PickFree(bool withTls) => Take(LoopbackPorts.Pick(Count(withTls, false)), withTls, false);

    /// <summary>How many ports one server needs.</summary>
    public static int Count(bool withTls, bool withInterserver) => 2 + (withTls ? 1 : 0) + (withInterserver ? 1 : 0);

    /// <summary>
    /// Assigns the first <see cref="Count"/> of <paramref name="free"/>; a cluster picks the ports of all its servers in
    /// one <see cref="LoopbackPorts.Pick"/> so that no two of them get the same one.
    /// </summary>
    public static ServerPorts Take(ReadOnlySpan<int> free, bool withTls, bool withInterserver) =>
        new(free[0], free[1], withTls ? free[2] : null, withInterserver ? free[Count(withTls, withInterserver) - 1] : null);
}
