using System.Data;
using NUnit.Framework;

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
    public void PlainProtocol_ToTheTlsPort_FailsClearly()
    {
        var settings = TlsSettings("localhost") with { Secure = false };
        Assert.ThrowsAsync(Is.InstanceOf<ClickHouseException>(), async () => await TestSettings.OpenAsync(settings));
    }
}
