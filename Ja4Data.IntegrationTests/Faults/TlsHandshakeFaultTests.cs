namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// TLS handshakes: an interrupted one is transient (retried on a fresh connection), a certificate the client rejects
/// is permanent (never retried, so a misconfiguration fails fast instead of after the whole retry budget).
/// </summary>
[TestFixture]
public sealed class TlsHandshakeFaultTests : PrivateServerFixture
{
    private FaultProxy _proxy = null!;

    private protected override bool EnableTls => true;

    [SetUp]
    public void StartProxy() => _proxy = new FaultProxy(Server.TlsPort);

    [TearDown]
    public async Task StopProxy() => await _proxy.DisposeAsync();

    [Test]
    public async Task TlsHandshake_ResetMidway_IsRetriedAndSucceeds()
    {
        _proxy.FailNextConnections(new FaultProxyFault(FaultDirection.ServerToClient, 100, FaultKind.Reset));
        await using var client = new ClickHouseClient(TlsSettings());

        var result = await client.QueryAsync("SELECT 7");

        Assert.Multiple(() =>
        {
            Assert.That(result.ResultRows[0][0], Is.EqualTo((byte)7));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public async Task TlsHandshake_CertificateNotTrusted_FailsOnceWithoutRetrying()
    {
        await using var client = new ClickHouseClient(TlsSettings() with { TlsCaCertificatePath = null });

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync("SELECT 1"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<System.Security.Authentication.AuthenticationException>());
            Assert.That(_proxy.Accepted, Is.EqualTo(1), "a rejected certificate is not retried");
        });
    }

    private ClickHouseSettings TlsSettings() => Settings(_proxy.Port) with
    {
        Secure = true,
        TlsCaCertificatePath = Server.CaCertificatePath,
    };
}
