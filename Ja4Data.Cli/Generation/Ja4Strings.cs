using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ja4Data.Cli.Generation;

/// <summary>
/// Builds JA4 and JA4H strings in the FoxIO layout: a readable prefix, then 12-hex-digit truncated SHA-256 hashes
/// (of the cipher and extension lists for JA4; of header names, cookie names and cookie values for JA4H).
/// </summary>
internal static class Ja4Strings
{
    /// <summary>The first 12 hex digits of SHA-256(<paramref name="input"/>), as JA4 truncates its hashes.</summary>
    public static string Hash12(string input)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..12];

    /// <summary>
    /// A JA4 such as <c>t13d1516h2_8daaf6152771_02713d6af862</c>: transport (t/q), TLS version, SNI (d = domain,
    /// i = IP), cipher and extension counts, ALPN first and last character, then the two hashes.
    /// </summary>
    public static string Ja4(char transport, int tlsVersion, bool sniDomain, int ciphers, int extensions, string alpn, string stackName)
        => string.Create(CultureInfo.InvariantCulture, $"{transport}{tlsVersion:D2}{(sniDomain ? 'd' : 'i')}{ciphers:D2}{extensions:D2}{alpn}_{Hash12(stackName + "/ciphers")}_{Hash12(stackName + "/extensions")}");

    /// <summary>
    /// A JA4H such as <c>ge11cn20enus_60ca1bd65281_ac95b44401d9_8df6a44f726c</c>: method, HTTP version, cookie and
    /// referer flags, header count, accept-language, then hashes of header names, cookie names and cookie values
    /// (zeros without cookies).
    /// </summary>
    public static string Ja4H(string method, string httpVersion, bool cookies, bool referer, int headers, string language, string clientName)
    {
        const string noHash = "000000000000";
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{method[..2].ToLowerInvariant()}{httpVersion}{(cookies ? 'c' : 'n')}{(referer ? 'r' : 'n')}{headers:D2}{language}");
        var names = Hash12($"{clientName}/{method}/headers");
        return cookies
            ? $"{prefix}_{names}_{Hash12(clientName + "/cookie-names")}_{Hash12($"{clientName}/{method}/cookie-values")}"
            : $"{prefix}_{names}_{noHash}_{noHash}";
    }
}
