using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ja4Data.TestSupport;

/// <summary>Throw-away certificates for TLS trust tests.</summary>
internal static class TestCertificates
{
    /// <summary>A new self-signed CA certificate named <paramref name="subject"/>, as PEM (its key is discarded).</summary>
    public static string NewCaPem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem() + "\n";
    }
}
