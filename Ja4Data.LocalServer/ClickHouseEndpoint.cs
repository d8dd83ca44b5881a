using System.Globalization;
using System.Text;

namespace Ja4Data.LocalServer;

/// <summary>
/// Where a ClickHouse server listens and whom to log in as. <see cref="ToString"/> never shows the password, so an
/// endpoint may be logged or put in a test name.
/// </summary>
/// <param name="Host">Host name or IP address of the native (TCP) protocol endpoint.</param>
/// <param name="Port">Plain native protocol port.</param>
/// <param name="User">User name.</param>
/// <param name="Password">Password; empty for none.</param>
/// <param name="TlsPort">Native protocol port with TLS, or <see langword="null"/> when the server offers none.</param>
/// <param name="CaCertificatePath">
/// PEM file of the certificate authority that signed the server certificate, or <see langword="null"/> when the
/// server certificate is to be validated against the system trust store (or there is no TLS port).
/// </param>
/// <param name="HttpPort">HTTP interface port, or <see langword="null"/> when unknown.</param>
public sealed record ClickHouseEndpoint(
    string Host,
    int Port,
    string User,
    string Password,
    int? TlsPort,
    string? CaCertificatePath,
    int? HttpPort)
{
    /// <summary>
    /// Returns <c>user@host:port</c> plus the TLS and HTTP ports when known; a non-empty password shows only as
    /// <c>***</c>.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(User);
        if (Password.Length > 0)
        {
            sb.Append(":***");
        }

        sb.Append('@').Append(Host).Append(':').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (TlsPort is { } tls)
        {
            sb.Append(" tls:").Append(tls.ToString(CultureInfo.InvariantCulture));
        }

        if (HttpPort is { } http)
        {
            sb.Append(" http:").Append(http.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
