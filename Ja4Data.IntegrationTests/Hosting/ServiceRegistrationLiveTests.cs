using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ja4Data.IntegrationTests.Hosting;

/// <summary>services.AddJa4Data against the live server: configuration in, queries out, disposal with the container.</summary>
[TestFixture]
public sealed class ServiceRegistrationLiveTests
{
    /// <summary>The shared server as a configuration section, the way appsettings.json would hold it.</summary>
    internal static IConfigurationSection SharedServerSection(string name, string clientName)
    {
        var settings = TestSettings.Shared();
        return new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{name}:Host"] = settings.Host,
                [$"{name}:Port"] = settings.Port.ToString(CultureInfo.InvariantCulture),
                [$"{name}:User"] = settings.User,
                [$"{name}:Password"] = settings.Password,
                [$"{name}:Database"] = "default",
                [$"{name}:ClientName"] = clientName,
                [$"{name}:ConnectTimeout"] = "5",
            })
            .Build()
            .GetSection(name);
    }

    [Test]
    public async Task AddJa4Data_Section_ClientDataSourceAndDbDataSourceQueryTheServer()
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddJa4Data(SharedServerSection("ClickHouse", "di-live"))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var client = provider.GetRequiredService<IClickHouseClient>();
        var result = await client.QueryAsync("SELECT {n:UInt32} + 1 AS next", new { n = 41u });
        await using var command = provider.GetRequiredService<DbDataSource>().CreateCommand("SELECT currentDatabase()");
        var database = await command.ExecuteScalarAsync();
        var dataSource = provider.GetRequiredService<ClickHouseDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        var clientName = connection.Settings.ClientName;

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToInt64(result.ResultRows.Single()[0], CultureInfo.InvariantCulture), Is.EqualTo(42));
            Assert.That(database, Is.EqualTo("default"));
            Assert.That(clientName, Is.EqualTo("di-live"));
        });
    }

    [Test]
    public async Task AddKeyedJa4Data_TwoRegistrations_HaveTheirOwnPools()
    {
        var provider = new ServiceCollection()
            .AddJa4Data(SharedServerSection("ClickHouse", "main"))
            .AddKeyedJa4Data("analytics", SharedServerSection("Analytics", "analytics"))
            .BuildServiceProvider();

        var main = provider.GetRequiredService<ClickHouseDataSource>();
        var analytics = provider.GetRequiredKeyedService<ClickHouseDataSource>("analytics");
        var fromMain = await provider.GetRequiredService<IClickHouseClient>().CommandAsync("SELECT 1");
        var fromAnalytics = await provider.GetRequiredKeyedService<IClickHouseClient>("analytics").CommandAsync("SELECT 2");
        var idleBeforeDispose = (main.Pool.Idle, analytics.Pool.Idle);

        await provider.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That((fromMain, fromAnalytics), Is.EqualTo(((byte)1, (byte)2)));
            Assert.That(idleBeforeDispose, Is.EqualTo((1, 1)), "each registration pooled its own connection");
            Assert.That((main.Pool.Total, analytics.Pool.Total), Is.EqualTo((0, 0)), "disposing the container closed both pools");
        });
    }
}
