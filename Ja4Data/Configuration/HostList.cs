using System.Net;
using System.Net.Sockets;

namespace Ja4Data.Configuration;

/// <summary>
/// Reads the text of <see cref="ClickHouseSettings.Host"/>: one entry, or several separated by commas, each
/// <c>host</c>, <c>host:port</c>, <c>[ipv6]</c> or <c>[ipv6]:port</c> (a bare IPv6 address is one host without a
/// port). Spaces around an entry are ignored. Every problem names the entry, so a long list is easy to fix.
/// </summary>
internal static class HostList
{
    /// <summary>More hosts than any cluster a client talks to; it bounds what a host list can make the client allocate.</summary>
    public const int MaxHosts = 64;

    public const string ExpectedForm =
        "a host name or IP address with an optional :port, or a comma-separated list of them (IPv6 in brackets: [::1]:9000)";

    /// <summary>The entries of <paramref name="text"/>, each with its port when it gives one; false and a reason otherwise.</summary>
    public static bool TryParse(string? text, out List<(string Host, int? Port)> entries, out string? problem)
    {
        entries = [];
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the host list is empty";
            return false;
        }

        var parts = text.Split(',');
        if (parts.Length > MaxHosts)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"it lists {parts.Length} hosts, more than {MaxHosts}");
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseEntry(parts[i].Trim(), out var entry, out var reason))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"entry {i + 1} {reason}");
                entries.Clear();
                return false;
            }

            entries.Add(entry);
        }

        return true;
    }

    private static bool TryParseEntry(string entry, out (string Host, int? Port) parsed, out string reason)
    {
        parsed = default;
        reason = string.Empty;
        if (entry.Length == 0)
        {
            reason = "is empty (two commas in a row, or a comma at either end)";
            return false;
        }

        if (entry.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            reason = $"'{entry}' contains a space or control character";
            return false;
        }

        string host;
        string? port;
        if (entry[0] == '[')
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? string.Empty : entry[1..close];
            if (close < 0 || !IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                reason = $"'{entry}' is not an IPv6 address in brackets such as [::1] or [::1]:9000";
                return false;
            }

            var rest = entry[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                reason = $"'{entry}' has '{rest}' after the bracket; only :port may follow";
                return false;
            }

            port = rest.Length == 0 ? null : rest[1..];
        }
        else
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && entry.IndexOf(':', colon + 1) >= 0)
            {
                // Several colons: an IPv6 address, which can carry no port unless it is in brackets.
                if (IPAddress.TryParse(entry, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    parsed = (entry, null);
                    return true;
                }

                reason = $"'{entry}' has several ':'; write an IPv6 address with a port in brackets, as [::1]:9000";
                return false;
            }

            host = colon < 0 ? entry : entry[..colon];
            port = colon < 0 ? null : entry[(colon + 1)..];
            if (host.Length == 0 || host.AsSpan().IndexOfAny("[]/@") >= 0)
            {
                reason = host.Length == 0 ? $"'{entry}' has no host name before the port" : $"'{entry}' is not a host name";
                return false;
            }
        }

        if (port is null)
        {
            parsed = (host, null);
            return true;
        }

        // Digits only: int.Parse would also take signs and spaces.
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, CultureInfo.InvariantCulture) is < 1 or > 65535)
        {
            reason = $"'{entry}' has the port '{port}'; a port is an integer from 1 to 65535";
            return false;
        }

        parsed = (host, int.Parse(port, CultureInfo.InvariantCulture));
        return true;
    }
}
