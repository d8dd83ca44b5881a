using System.Data.Common;
using Ja4Data.Tests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using E = Ja4Data.ClickHouseEnvironmentVariables;


namespace Ja4Data.Tests.Hosting;

/// <summary>Registration in a real service container; nothing connects (the hosts do not exist).</summary>
[TestFixture]
public sealed class AddJa4DataTests
{
    private static IConfigurationSection Section(string name, params (string Key, string Value)[] pairs) => new ConfigurationBuilder()
        .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create<string, string?>($"{name}:{p.Key}", p.Value)))
        .Build()
        .GetSection(name);

    private static IConfigurationSection Deployment(string host) =>
        Section("ClickHouse", ("Host", host), ("Port", "9101"), ("User", "ingest"), ("Password", TestSecrets.Password), ("Database", "default"));

    [Test]
    public void AddJa4Data_Section_RegistersSettingsDataSourceAndClientAsSingletons()
    {
        using var provider = new ServiceCollection().AddJa4Data(Deployment("ch-main.invalid")).BuildServiceProvider();

        var settings = provider.GetRequiredService<ClickHouseSettings>();
        var dataSource = provider.GetRequiredService<ClickHouseDataSource>();
        var client = provider.GetRequiredService<IClickHouseClient>();

        Assert.Multiple(() =>
        {
            Assert.That((settings.Host, settings.Port, settings.User, settings.Password, settings.Database),
                Is.EqualTo(("ch-main.invalid", 9101, "ingest", TestSecrets.Password, "default")));
            Assert.That(dataSource.Settings, Is.SameAs(settings));
            Assert.That(provider.GetRequiredService<ClickHouseDataSource>(), Is.SameAs(dataSource));
            Assert.That(provider.GetRequiredService<DbDataSource>(), Is.SameAs(dataSource));
            Assert.That(client, Is.InstanceOf<ClickHouseClient>().And.SameAs(provider.GetRequiredService<IClickHouseClient>()));
            Assert.That(((ClickHouseClient)client).Pool, Is.SameAs(dataSource.Pool), "the client shares the data source's pool");
        });
    }

    [Test]
    public void AddJa4Data_MalformedValue_ResolvingThrowsNamingTheKey()
    {
        var services = new ServiceCollection().AddJa4Data(Section("ClickHouse", ("Host", "ch.invalid"), ("Port", "9o00")));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var ex = Assert.Throws<ClickHouseConfigurationException>(() => provider.GetRequiredService<IClickHouseClient>());

        Assert.That(ex.Message, Is.EqualTo("ClickHouse:Port must be an integer from 1 to 65535, got '9o00'."));
    }

    [Test]
    public void AddJa4Data_Contradiction_ThrowsNamingTheSectionAndNeverThePassword()
    {
        var section = Section("Stores:ClickHouse", ("Password", TestSecrets.Password), ("PoolMinSize", "8"), ("PoolMaxSize", "4"));
        using var provider = new ServiceCollection().AddJa4Data(section).BuildServiceProvider();

        var ex = Assert.Throws<ClickHouseConfigurationException>(() => provider.GetRequiredService<ClickHouseDataSource>());

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("Ja4Data settings from the configuration section 'Stores:ClickHouse' over the CLICKHOUSE_* environment: PoolMinSize"));
            Assert.That(ex.ToString(), Does.Not.Contain(TestSecrets.Fragment));
        });
    }

    [Test]
    public void AddJa4Data_Configure_RunsLastOverTheSection()
    {
        using var provider = new ServiceCollection()
            .AddJa4Data(Section("ClickHouse", ("Host", "section.invalid"), ("ClientName", "from-section")), s => s with { ClientName = "from-callback" })
            .BuildServiceProvider();

        var settings = provider.GetRequiredService<ClickHouseSettings>();

        Assert.That((settings.Host, settings.ClientName), Is.EqualTo(("section.invalid", "from-callback")));
    }

    [Test]
    public void AddJa4Data_ConfigureReturnsNull_ThrowsSayingWhatToReturn()
    {
        using var provider = new ServiceCollection().AddJa4Data(Deployment("ch.invalid"), _ => null!).BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ClickHouseSettings>());

        Assert.That(ex.Message, Does.Contain("returned null"));
    }

    [Test]
    public void AddJa4Data_ConnectionString_BindsItsKeys()
    {
        using var provider = new ServiceCollection()
            .AddJa4Data(new ClickHouseConnectionStringBuilder { Host = "cs.invalid", Port = 9102, Password = TestSecrets.Password, PoolMaxSize = 3 }.ConnectionString)
            .BuildServiceProvider();

        var settings = provider.GetRequiredService<ClickHouseSettings>();

        Assert.That((settings.Host, settings.Port, settings.Password, settings.PoolMaxSize), Is.EqualTo(("cs.invalid", 9102, TestSecrets.Password, 3)));
    }

    [Test]
    public void AddJa4Data_MalformedConnectionString_ResolvingThrowsNamingTheKey()
    {
        using var provider = new ServiceCollection().AddJa4Data("Host=cs.invalid;Port=0").BuildServiceProvider();

        var ex = Assert.Throws<ClickHouseConfigurationException>(() => provider.GetRequiredService<ClickHouseDataSource>());

        Assert.That(ex.Message, Does.StartWith("Connection string key 'Port' must be an integer from 1 to 65535"));
    }

    [Test]
    public void AddJa4Data_ServiceProviderAwareCallback_SeesOtherServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SecretStore("from-store"));
        services.AddJa4Data((sp, s) => s with { Host = "sp.invalid", Password = sp.GetRequiredService<SecretStore>().Password });
        using var provider = services.BuildServiceProvider();

        var settings = provider.GetRequiredService<ClickHouseSettings>();

        Assert.That((settings.Host, settings.Password), Is.EqualTo(("sp.invalid", "from-store")));
    }

    [Test]
    public void AddJa4Data_DataSource_GetsTheContainersLoggerFactory()
    {
        using var provider = new ServiceCollection().AddLogging().AddJa4Data(Deployment("ch.invalid")).BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ClickHouseDataSource>().LoggerFactory, Is.SameAs(provider.GetRequiredService<ILoggerFactory>()));
    }

    [Test]
    public void AddJa4Data_CalledTwice_FirstRegistrationWins()
    {
        using var provider = new ServiceCollection()
            .AddJa4Data(Deployment("first.invalid"))
            .AddJa4Data(Deployment("second.invalid"))
            .BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ClickHouseDataSource>().Settings.Host, Is.EqualTo("first.invalid"));
    }

    [Test]
    public void AddJa4Data_AfterOwnRegistration_KeepsTheApplicationsDataSource()
    {
        using var own = new ClickHouseDataSource(new ClickHouseSettings { Host = "own.invalid" });
        var services = new ServiceCollection();
        services.AddSingleton(own);
        services.AddJa4Data(Deployment("registered.invalid"));
        using var provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<ClickHouseDataSource>(), Is.SameAs(own));
            Assert.That(provider.GetRequiredService<DbDataSource>(), Is.SameAs(own));
        });
    }

    [Test]
    public void AddKeyedJa4Data_TwoDeployments_ResolveSeparately()
    {
        using var provider = new ServiceCollection()
            .AddJa4Data(Deployment("main.invalid"))
            .AddKeyedJa4Data("analytics", Section("Analytics", ("Host", "analytics.invalid"), ("User", "reader")))
            .AddKeyedJa4Data(Region.Eu, "Host=eu.invalid")
            .BuildServiceProvider();

        var main = provider.GetRequiredService<ClickHouseDataSource>();
        var analytics = provider.GetRequiredKeyedService<ClickHouseDataSource>("analytics");
        var eu = provider.GetRequiredKeyedService<ClickHouseDataSource>(Region.Eu);

        Assert.Multiple(() =>
        {
            Assert.That((main.Settings.Host, analytics.Settings.Host, eu.Settings.Host), Is.EqualTo(("main.invalid", "analytics.invalid", "eu.invalid")));
            Assert.That(analytics.Settings.User, Is.EqualTo("reader"));
            Assert.That(provider.GetRequiredKeyedService<DbDataSource>("analytics"), Is.SameAs(analytics));
            Assert.That(provider.GetRequiredKeyedService<ClickHouseSettings>("analytics"), Is.SameAs(analytics.Settings));
            Assert.That(((ClickHouseClient)provider.GetRequiredKeyedService<IClickHouseClient>("analytics")).Pool, Is.SameAs(analytics.Pool));
            Assert.That(provider.GetRequiredService<IClickHouseClient>(), Is.Not.SameAs(provider.GetRequiredKeyedService<IClickHouseClient>("analytics")));
        });
    }

    [Test]
    public void AddKeyedJa4Data_MalformedValue_ThrowsNamingTheKeyedSectionsKey()
    {
        using var provider = new ServiceCollection()
            .AddKeyedJa4Data("analytics", Section("Analytics", ("PoolMaxSize", "lots")))
            .BuildServiceProvider();

        var ex = Assert.Throws<ClickHouseConfigurationException>(() => provider.GetRequiredKeyedService<IClickHouseClient>("analytics"));

        Assert.That(ex.Message, Does.StartWith("Analytics:PoolMaxSize must be an integer from 1 to 4096"));
    }

    [Test]
    public async Task DisposingTheContainer_DisposesTheDataSource()
    {
        var provider = new ServiceCollection().AddJa4Data(Deployment("ch.invalid")).BuildServiceProvider();
        var dataSource = provider.GetRequiredService<ClickHouseDataSource>();
        _ = provider.GetRequiredService<DbDataSource>();

        await provider.DisposeAsync();

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await dataSource.OpenConnectionAsync());
    }

    [Test]
    [NonParallelizable] // changes the current directory and process environment variables
    public void AddJa4Data_Precedence_SectionOverEnvironmentOverDotEnvOverDefaults()
    {
        using var dir = new TempDirectory();
        dir.Write(".env", $"{E.ClientName}=dotenv-client\n{E.DbLogs}=dotenv_logs\n{E.DbProcessing}=dotenv_processing\n{E.Host}=dotenv.invalid\n");
        string[] changed = [E.ClientName, E.DbLogs, E.DbProcessing, E.Host, E.RetryMaxAttempts];
        var saved = changed.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        var directory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir.Path);
            Environment.SetEnvironmentVariable(E.ClientName, null);
            Environment.SetEnvironmentVariable(E.RetryMaxAttempts, null);
            Environment.SetEnvironmentVariable(E.DbLogs, "env_logs");
            Environment.SetEnvironmentVariable(E.DbProcessing, "env_processing");
            Environment.SetEnvironmentVariable(E.Host, "env.invalid");
            using var provider = new ServiceCollection()
                .AddJa4Data(Section("ClickHouse", ("DbProcessing", "section_processing"), ("Host", "section.invalid")), s => s with { Host = "callback.invalid" })
                .BuildServiceProvider();

            var settings = provider.GetRequiredService<ClickHouseSettings>();

            Assert.Multiple(() =>
            {
                Assert.That(settings.RetryMaxAttempts, Is.EqualTo(new ClickHouseSettings().RetryMaxAttempts), "default");
                Assert.That(settings.ClientName, Is.EqualTo("dotenv-client"), ".env over the default");
                Assert.That(settings.DbLogs, Is.EqualTo("env_logs"), "environment over .env");
                Assert.That(settings.DbProcessing, Is.EqualTo("section_processing"), "section over environment");
                Assert.That(settings.Host, Is.EqualTo("callback.invalid"), "callback over section");
            });
        }
        finally
        {
            Directory.SetCurrentDirectory(directory);
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private enum Region
    {
        Eu,
    }

    private sealed record SecretStore(string Password);
}
