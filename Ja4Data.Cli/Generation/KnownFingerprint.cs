namespace Ja4Data.Cli.Generation;

/// <summary>A row of the curated ja4_processing.known_fingerprints table.</summary>
internal sealed record KnownFingerprint(string Label, string Category, byte ThreatLevel);
