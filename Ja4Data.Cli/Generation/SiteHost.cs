namespace Ja4Data.Cli.Generation;

/// <summary>A virtual host behind the edge and what its responses look like.</summary>
/// <param name="Name">The Host header.</param>
/// <param name="Kind">What the host serves; decides methods and status mix.</param>
/// <param name="Paths">The request paths it sees, most popular first.</param>
/// <param name="LatencyMedianMs">Median response time.</param>
/// <param name="BytesMedian">Median response size of a successful request.</param>
/// <param name="ServerErrorRate">Share of 5xx responses.</param>
internal sealed record SiteHost(string Name, SiteKind Kind, IReadOnlyList<string> Paths, double LatencyMedianMs, double BytesMedian, double ServerErrorRate);
