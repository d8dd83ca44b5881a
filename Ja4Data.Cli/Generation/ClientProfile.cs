namespace Ja4Data.Cli.Generation;

/// <summary>
/// One kind of client as the edge sees it: its TLS fingerprint (JA4), the user agents it sends and how it behaves.
/// JA4 identifies the TLS stack, not the claimed browser, which is why the bot profiles below rotate browser user
/// agents over a fingerprint that gives them away.
/// </summary>
/// <param name="Name">Short name, used to derive the JA4H hashes.</param>
/// <param name="Ja4">The JA4 TLS client fingerprint.</param>
/// <param name="UserAgents">User agents the client sends; more than one for clients that rotate them.</param>
/// <param name="Weight">Relative share of the traffic.</param>
/// <param name="Behavior">How its requests differ from a browser's.</param>
/// <param name="Known">The curated label for known_fingerprints, or null when the fingerprint is not curated.</param>
internal sealed record ClientProfile(string Name, string Ja4, IReadOnlyList<string> UserAgents, double Weight, ClientBehavior Behavior, KnownFingerprint? Known);
