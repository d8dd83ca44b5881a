using System.Data;
using System.Net;
using System.Security.Authentication;

namespace Ja4Data.IntegrationTests.Protocol;

[TestFixture]
public sealed class TlsTests
{
    private static Ja4Data.LocalServer.LocalClickHouseServer Local
        => TestServer.Local ?? throw new InconclusiveException("TLS tests need the locally started server (its generated CA).");

    private static ClickHouseSettings TlsSettings(string host) => TestSettings.Shared() with
    {
        Host = host,
        Port = Local.TlsPort,
        Secure = true,
        TlsCaCertificatePath = Local.CaCertificatePath,
    };

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    public async Task Tls_WithTheTestCa_ConnectsAndQueries(string host)
    {
        await using var connection = await TestSettings.OpenAsync(TlsSettings(host));
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
        Assert.That(await new ClickHouseCommand("SELECT sum(number) FROM numbers(100000)", connection).ExecuteScalarAsync(), Is.EqualTo(4999950000UL));
    }

    [Test]
    public void Tls_WithoutTrustingTheCa_IsRejected()
    {
        var settings = TlsSettings("localhost") with { TlsCaCertificatePath = null };
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await TestSettings.OpenAsync(settings));
        Assert.That(ex!.Message, Does.Contain("TLS"));
    }

    [Test]
    public async Task Tls_HostNameNotInTheCertificate_IsRejectedNamingTheMismatch()
    {
        // 127.0.0.2 is loopback too, but the certificate names only localhost, 127.0.0.1 and ::1. The server listens on
        // 127.0.0.1 alone, so a proxy on 127.0.0.2 passes the bytes through untouched.
        await using var proxy = new FaultProxy(Local.TlsPort, IPAddress.Parse("127.0.0.2"));
        var settings = TlsSettings("127.0.0.2") with { Port = proxy.Port, RetryMaxAttempts = 0 };

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await TestSettings.OpenAsync(settings))!;
        await TestContext.Out.WriteLineAsync(error.Message);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("TLS").And.Contain("not valid for the host name '127.0.0.2'").And.Contain("localhost, 127.0.0.1"));
            Assert.That(error.Message, Does.Not.Contain("chain is not valid"), "the chain itself is fine: the CA file is trusted");
            Assert.That(error.InnerException, Is.InstanceOf<AuthenticationException>());
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(proxy.Accepted, Is.EqualTo(1));
        });
    }

    [Test]
    public void Tls_CaFileOfAnotherCa_IsRejectedAsAnUntrustedChain()
    {
        using var directory = new TempDirectory();
        var otherCa = directory.Write("other-ca.pem", TestCertificates.NewCaPem("CN=Some other CA"));
        var settings = TlsSettings("localhost") with { TlsCaCertificatePath = otherCa };

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await TestSettings.OpenAsync(settings))!;

        Assert.That(error.Message, Does.Contain("chain is not valid").And.Contain("CLICKHOUSE_TLS_CA_FILE").And.Contain("replaces the system's trusted roots"));
    }

    // The test CA publishes no CRL or OCSP address and nothing beyond loopback is reachable here, so a real revocation
    // check cannot pass or find a revoked certificate; what can be shown live is that the setting reaches the
    // handshake: asked to check, the client rejects a certificate whose status it cannot learn.
    [TestCase(ClickHouseTlsRevocationCheck.Online)]
    [TestCase(ClickHouseTlsRevocationCheck.Offline)]
    public void Tls_RevocationCheckOnACertificateWithoutRevocationData_Rejects(ClickHouseTlsRevocationCheck check)
    {
        var settings = TlsSettings("localhost") with { TlsCheckRevocation = check };

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await TestSettings.OpenAsync(settings))!;
        TestContext.Out.WriteLine(error.Message);

        Assert.That(error.Message, Does.Contain("RevocationStatusUnknown").And.Contain($"CLICKHOUSE_TLS_CHECK_REVOCATION is {check.ToString().ToLowerInvariant()}")
            .And.Not.Contain("must chain to"));
    }

    [Test]
    public async Task Tls_RevocationCheckNone_IsTheDefaultAndConnects()
    {
        await using var connection = await TestSettings.OpenAsync(TlsSettings("localhost") with { TlsCheckRevocation = ClickHouseTlsRevocationCheck.None });

        Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
    }

    [Test]
    public void PlainProtocol_ToTheTlsPort_FailsClearly()
    {
        var settings = TlsSettings("localhost") with { Secure = false };
        Assert.ThrowsAsync(Is.InstanceOf<ClickHouseException>(), async () => await TestSettings.OpenAsync(settings));
    }
}
