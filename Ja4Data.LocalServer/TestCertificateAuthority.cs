using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ja4Data.LocalServer;

/// <summary>
/// Makes a private CA and a server certificate it signs (SAN: localhost, 127.0.0.1, ::1) with .NET alone, so no
/// openssl binary is needed. Each server gets its own CA, so one server's CA can serve as the "wrong CA" for another.
/// The CA key is never written: nothing else is ever signed with it.
/// </summary>
internal static class TestCertificateAuthority
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    public static void WriteTo(ServerLayout layout)
    {
        // Backdated a little so a clock that lags ours (a container, a VM) still accepts the certificate.
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-10);
        var notAfter = notBefore + Validity;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Ja4Data test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 requires
        using var server = request.Create(ca, notBefore, notAfter, serial);

        File.WriteAllText(layout.CaCertificate, ca.ExportCertificatePem());
        File.WriteAllText(layout.ServerCertificate, server.ExportCertificatePem());
        File.WriteAllText(layout.ServerKey, serverKey.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(layout.ServerKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
