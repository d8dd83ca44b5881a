using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ja4Data.IntegrationTests.Hosting;

/// <summary>services.AddHealthChecks().AddJa4Data() against the live server, a closed port and a silent one.</summary>
[TestFixture]
public sealed class HealthCheckLiveTests
{
    private const string Secret = "Hc-Pa55word;never-shown";

    private static async Task<HealthReportEntry> CheckAsync(IServiceCollection services, string name = "ja4data")
    {
        await using var provider = services.AddLogging().BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[name];
    }

    private static void AssertSecretAbsent(HealthReportEntry entry) => Assert.Multiple(() =>
    {
        Assert.That(entry.Description, Does.Not.Contain(Secret));
        Assert.That(entry.Exception?.ToString() ?? string.Empty, Does.Not.Contain(Secret));
        Assert.That(entry.Data.Values.Select(v => v.ToString()), Has.None.Contains(Secret));
        Assert.That(entry.Data.Keys, Has.None.Contains(Secret));
    });

    [Test]
    public async Task HealthCheck_LiveServer_IsHealthyAndNamesTheServer()
    {
        var settings = TestSettings.Shared();
        var services = new ServiceCollection().AddJa4Data(_ => settings);
        services.AddHealthChecks().AddJa4Data();

        var entry = await CheckAsync(services);

        Assert.Multiple(() =>
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy), entry.Description);
            Assert.That(entry.Description, Is.EqualTo($"ClickHouse at {settings.Host}:{settings.Port} answered a ping."));
            Assert.That(entry.Data["serverVersion"], Does.Match(@"^\d+\.\d+"));
        });
    }

    [Test]
    public async Task HealthCheck_KeyedLiveServer_IsHealthy()
    {
        var services = new ServiceCollection().AddKeyedJa4Data("analytics", ServiceRegistrationLiveTests.SharedServerSection("Analytics", "health"));
        services.AddHealthChecks().AddJa4Data(serviceKey: "analytics");

        var entry = await CheckAsync(services, "ja4data:analytics");

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy), entry.Description);
    }

    [Test]
    public async Task HealthCheck_ClosedPort_IsUnhealthyWithTheReasonButNotThePassword()
    {
        var port = ClosedLoopbackPort();
        var services = new ServiceCollection().AddJa4Data($"Host=127.0.0.1;Port={port};User=svc;Password=\"{Secret}\"");
        services.AddHealthChecks().AddJa4Data(failureStatus: HealthStatus.Degraded);

        var entry = await CheckAsync(services);

        Assert.Multiple(() =>
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(entry.Description, Does.StartWith($"ClickHouse at 127.0.0.1:{port} is unreachable or failing: Cannot connect"));
            Assert.That(entry.Exception, Is.InstanceOf<ClickHouseConnectionException>());
        });
        AssertSecretAbsent(entry);
    }

    [Test]
    public async Task HealthCheck_ServerThatNeverAnswers_IsUnhealthyAfterTheTimeout()
    {
        // Accepts connections (the kernel completes the handshake) and never says a word.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var services = new ServiceCollection().AddJa4Data($"Host=127.0.0.1;Port={port};Password=\"{Secret}\";ConnectTimeout=60");
        services.AddHealthChecks().AddJa4Data(timeout: TimeSpan.FromSeconds(1));

        var entry = await CheckAsync(services);

        Assert.Multiple(() =>
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(entry.Description, Is.EqualTo($"ClickHouse at 127.0.0.1:{port} did not answer a ping within 1 s (leasing a pooled connection included)."));
        });
        AssertSecretAbsent(entry);
    }

    [Test]
    public async Task HealthCheck_WrongPassword_IsUnhealthyWithTheServersReasonButNotThePassword()
    {
        var settings = TestSettings.Shared() with { User = "default", Password = Secret };
        var services = new ServiceCollection().AddJa4Data(_ => settings);
        services.AddHealthChecks().AddJa4Data();

        var entry = await CheckAsync(services);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        AssertSecretAbsent(entry);
    }

    [Test]
    public async Task HealthCheck_MalformedSetting_IsUnhealthyNamingTheKey()
    {
        var services = new ServiceCollection().AddJa4Data("Host=127.0.0.1;Port=99999");
        services.AddHealthChecks().AddJa4Data();

        var entry = await CheckAsync(services);

        Assert.Multiple(() =>
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(entry.Description, Does.StartWith("Connection string key 'Port' must be an integer from 1 to 65535"));
        });
    }

    internal static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
