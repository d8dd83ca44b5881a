using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ja4Data.Tests.Hosting;

/// <summary>The Ja4Data.DependencyInjection package's registrations, in a real container without a server.</summary>
[TestFixture]
public sealed class ServiceExtrasTests
{
    private static readonly string[] ExpectedNames = ["ja4data", "analytics-db", "ja4data:eu"];
    private static readonly string[] ReadyTag = ["ready"];

    private static IConfigurationSection Section(params (string Key, string Value)[] pairs) => new ConfigurationBuilder()
        .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create<string, string?>($"ClickHouse:{p.Key}", p.Value)))
        .Build()
        .GetSection("ClickHouse");

    [Test]
    public void AddHealthChecks_AddJa4Data_RegistersNameStatusTagsAndTimeout()
    {
        using var provider = new ServiceCollection()
            .AddHealthChecks()
            .AddJa4Data()
            .AddJa4Data(name: "analytics-db", failureStatus: HealthStatus.Degraded, tags: ReadyTag, timeout: TimeSpan.FromSeconds(2), serviceKey: "analytics")
            .AddJa4Data(serviceKey: "eu")
            .Services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(registrations.Select(r => r.Name), Is.EqualTo(ExpectedNames));
            Assert.That(registrations[0].FailureStatus, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(registrations[1].FailureStatus, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(registrations[1].Tags, Is.EquivalentTo(ReadyTag));
        });
    }

    [Test]
    public void AddHealthChecks_AddJa4Data_NonPositiveTimeout_IsRejected()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddJa4Data(timeout: TimeSpan.Zero));
    }

    [Test]
    public async Task HealthCheck_WithoutRegisteredDataSource_ReportsHowToRegisterOne()
    {
        await using var provider = new ServiceCollection().AddLogging().AddHealthChecks().AddJa4Data(serviceKey: "analytics").Services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["ja4data:analytics"];
        Assert.Multiple(() =>
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(entry.Description, Does.Contain("ClickHouseDataSource with key 'analytics'").And.Contain("AddKeyedJa4Data"));
        });
    }

    [Test]
    public void ValidateJa4DataOnStart_MalformedValue_FailsTheStartNamingTheKey()
    {
        using var provider = new ServiceCollection()
            .AddJa4Data(Section(("Host", "ch.invalid"), ("RetryTimeout", "soon")))
            .ValidateJa4DataOnStart()
            .BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().Single();

        var ex = Assert.ThrowsAsync<ClickHouseConfigurationException>(() => hosted.StartAsync(CancellationToken.None));

        Assert.That(ex.Message, Does.StartWith("ClickHouse:RetryTimeout must be"));
    }

    [Test]
    public async Task ValidateJa4DataOnStart_ValidKeyedSettings_StartsWithoutConnecting()
    {
        await using var provider = new ServiceCollection()
            .AddKeyedJa4Data("analytics", Section(("Host", "ch.invalid")))
            .ValidateJa4DataOnStart("analytics")
            .BuildServiceProvider();

        await provider.GetServices<IHostedService>().Single().StartAsync(CancellationToken.None);

        Assert.That(provider.GetRequiredKeyedService<ClickHouseDataSource>("analytics").Pool.Total, Is.Zero);
    }
}
