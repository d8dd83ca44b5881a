using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ja4Data.Core;

namespace Ja4Data.Tests.Protocol;

/// <summary>
/// What the TLS handshake is told to trust. A live revocation check is impossible here (no network beyond loopback,
/// and the test CA publishes no CRL or OCSP address), so the revocation setting is checked where it takes effect:
/// in the options the handshake gets.
/// </summary>
[TestFixture]
public sealed class TlsTrustTests
{
    private static readonly string[] TwoCaSubjects = ["CN=First test CA", "CN=Second test CA"];

    [TestCase(ClickHouseTlsRevocationCheck.None, X509RevocationMode.NoCheck)]
    [TestCase(ClickHouseTlsRevocationCheck.Online, X509RevocationMode.Online)]
    [TestCase(ClickHouseTlsRevocationCheck.Offline, X509RevocationMode.Offline)]
    public void ClientOptions_RevocationSetting_ReachesTheHandshakeAndTheCustomChainPolicy(ClickHouseTlsRevocationCheck check, X509RevocationMode expected)
    {
        using var directory = new TempDirectory();
        var caFile = directory.Write("ca.pem", TestCertificates.NewCaPem("CN=Revocation test CA"));

        var system = TlsTrust.ClientOptions(new ClickHouseSettings { Host = "ch1", TlsCheckRevocation = check }, new TlsCertificateCheck());
        var custom = TlsTrust.ClientOptions(new ClickHouseSettings { Host = "ch1", TlsCheckRevocation = check, TlsCaCertificatePath = caFile }, new TlsCertificateCheck());

        Assert.Multiple(() =>
        {
            Assert.That(system.CertificateRevocationCheckMode, Is.EqualTo(expected));
            Assert.That(custom.CertificateRevocationCheckMode, Is.EqualTo(expected));
            Assert.That(custom.CertificateChainPolicy!.RevocationMode, Is.EqualTo(expected), "with a chain policy the handshake reads the mode from it");
        });
    }

    [Test]
    public void ClientOptions_WithoutCaFile_TrustsTheSystemStoreAndChecksTheHostName()
    {
        var options = TlsTrust.ClientOptions(new ClickHouseSettings { Host = "ch1.internal" }, new TlsCertificateCheck());

        Assert.Multiple(() =>
        {
            Assert.That(options.TargetHost, Is.EqualTo("ch1.internal"));
            Assert.That(options.CertificateChainPolicy, Is.Null, "the platform's default: the system's trusted roots");
            Assert.That(options.RemoteCertificateValidationCallback, Is.Not.Null);
        });
    }

    [Test]
    public void ClientOptions_WithCaFile_TrustsItsCertificatesInsteadOfTheSystemStore()
    {
        using var directory = new TempDirectory();
        var first = TestCertificates.NewCaPem("CN=First test CA");
        var second = TestCertificates.NewCaPem("CN=Second test CA");
        var caFile = directory.Write("cas.pem", first + second);

        var policy = TlsTrust.ClientOptions(new ClickHouseSettings { Host = "ch1", TlsCaCertificatePath = caFile }, new TlsCertificateCheck()).CertificateChainPolicy!;

        Assert.Multiple(() =>
        {
            Assert.That(policy.TrustMode, Is.EqualTo(X509ChainTrustMode.CustomRootTrust), "replaces the system's roots");
            Assert.That(policy.CustomTrustStore.Select(c => c.Subject), Is.EqualTo(TwoCaSubjects));
        });
    }

    [Test]
    public void ClientOptions_CaFileWithoutCertificates_IsAConfigurationError()
    {
        using var directory = new TempDirectory();
        var caFile = directory.Write("empty.pem", "not a certificate\n");

        var error = Assert.Throws<ClickHouseConfigurationException>(
            () => TlsTrust.ClientOptions(new ClickHouseSettings { TlsCaCertificatePath = caFile }, new TlsCertificateCheck()))!;

        Assert.That(error.Message, Does.Contain("CLICKHOUSE_TLS_CA_FILE").And.Contain("no certificate"));
    }

    [Test]
    public void Describe_NameMismatchAndUntrustedChain_SaysWhatIsWrongAndWhatToDo()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var check = new TlsCertificateCheck();

        var accepted = check.Record(this, certificate, chain: null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors);
        var text = check.Describe(new ClickHouseSettings { Host = "127.0.0.2", TlsCaCertificatePath = "/etc/ch/ca.pem", TlsCheckRevocation = ClickHouseTlsRevocationCheck.Online });

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.False);
            Assert.That(text, Does.Contain("not valid for the host name '127.0.0.2' (it is issued for localhost, 127.0.0.1)"));
            Assert.That(text, Does.Contain("CLICKHOUSE_TLS_CA_FILE ('/etc/ch/ca.pem'), which replaces the system's trusted roots"));
        });
    }
}
