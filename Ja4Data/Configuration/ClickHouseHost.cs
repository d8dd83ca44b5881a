namespace Ja4Data;

/// <summary>
/// One server listed in <see cref="ClickHouseSettings.Host"/>: its host name or IP address and its native-protocol
/// port (the entry's own port, else <see cref="ClickHouseSettings.Port"/>). See <see cref="ClickHouseSettings.GetHosts"/>.
/// </summary>
/// <param name="Host">Host name or IP address; an IPv6 address without brackets.</param>
/// <param name="Port">Native-protocol TCP port.</param>
public readonly record struct ClickHouseHost(string Host, int Port)
{
    /// <summary><c>host:port</c>, with an IPv6 address in brackets (<c>[::1]:9000</c>): the form the host list takes.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
