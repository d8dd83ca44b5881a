namespace Ja4Data;

/// <summary>
/// Whether the TLS handshake checks that the server certificate (and its chain) has not been revoked
/// (<see cref="ClickHouseSettings.TlsCheckRevocation"/>).
/// </summary>
public enum ClickHouseTlsRevocationCheck
{
    /// <summary>No revocation check (the default): private CAs seldom publish revocation lists.</summary>
    None,

    /// <summary>
    /// Check, fetching CRLs or OCSP answers from the addresses the certificates name. A certificate whose status cannot
    /// be learned (no address, the address unreachable) is rejected.
    /// </summary>
    Online,

    /// <summary>Check against revocation data already cached on this machine only; no network requests.</summary>
    Offline,
}
