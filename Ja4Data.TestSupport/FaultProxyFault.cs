namespace Ja4Data.TestSupport;

/// <summary>Which way the bytes a <see cref="FaultProxyFault"/> counts are flowing.</summary>
internal enum FaultDirection
{
    ClientToServer,
    ServerToClient,
}

/// <summary>What <see cref="FaultProxy"/> does when a fault fires.</summary>
internal enum FaultKind
{
    /// <summary>Both sockets closed with SO_LINGER 0: each side gets a TCP RST.</summary>
    Reset,

    /// <summary>A FIN towards the receiving side: it reads a clean end of stream in the middle of a packet.</summary>
    Truncate,

    /// <summary>The rest of the bytes go through after a pause.</summary>
    Delay,

    /// <summary>Nothing more goes through in that direction; both sockets stay open (a half-dead link).</summary>
    BlackHole,
}

/// <summary>
/// A fault for one connection: after <see cref="AfterBytes"/> bytes went through in <see cref="Direction"/> (counted
/// from when the fault was attached), the next byte triggers <see cref="Kind"/>.
/// </summary>
internal sealed record FaultProxyFault(FaultDirection Direction, long AfterBytes, FaultKind Kind, TimeSpan Delay = default)
{
    public override string ToString() => $"{Kind} {Direction} after {AfterBytes} bytes";
}
