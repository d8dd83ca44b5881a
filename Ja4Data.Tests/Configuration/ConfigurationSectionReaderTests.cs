using Ja4Data.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ja4Data.Tests.Configuration;

[TestFixture]
public sealed class ConfigurationSectionReaderTests
{
    private static IConfigurationSection Section(params (string Key, string? Value)[] pairs) => new ConfigurationBuilder()
        .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create("ClickHouse:" + p.Key, p.Value)))
        .Build()
        .GetSection("ClickHouse");

    [Test]
    public void Apply_PropertyNames_SetThoseAndKeepTheRest()
    {
        var start = new ClickHouseSettings { ClientName = "from-below", DbLogs = "logs_below" };

        var settings = ConfigurationSectionReader.Apply(start, Section(
            ("Host", "ch1.internal"), ("Port", "9440"), ("Secure", "true"), ("Password", TestSecrets.Password),
            ("ConnectTimeout", "2.5"), ("Compression", "zstd"), ("DbLogs", "logs_section")));

        Assert.That(settings, Is.EqualTo(start with
        {
            Host = "ch1.internal",
            Port = 9440,
            Secure = true,
            Password = TestSecrets.Password,
            ConnectTimeout = TimeSpan.FromSeconds(2.5),
            Compression = ClickHouseCompression.Zstd,
            DbLogs = "logs_section",
        }));
    }

    [Test]
    public void Apply_KeysIgnoreCaseAndAcceptConnectionStringAliases()
    {
        var settings = ConfigurationSectionReader.Apply(new ClickHouseSettings(), Section(("server", "ch2"), ("USERNAME", "etl"), ("poolmaxsize", "3")));

        Assert.That((settings.Host, settings.User, settings.PoolMaxSize), Is.EqualTo(("ch2", "etl", 3)));
    }

    [TestCase("Port", "ninety", "ClickHouse:Port must be an integer from 1 to 65535, got 'ninety'.")]
    [TestCase("Hots", "ch1", "ClickHouse:Hots is not a ClickHouse setting. Valid keys: Host, Port,")]
    [TestCase("Host:Name", "ch1", "ClickHouse:Host must be a value, not a section with sub-keys")]
    public void Apply_BadKeyOrValue_ThrowsNamingTheKeyPath(string key, string value, string expectedStart)
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ConfigurationSectionReader.Apply(new ClickHouseSettings(), Section((key, value))));

        Assert.That(ex.Message, Does.StartWith(expectedStart));
    }

    [Test]
    public void Apply_EmptySection_ChangesNothing()
    {
        var start = new ClickHouseSettings { Host = "kept" };

        Assert.That(ConfigurationSectionReader.Apply(start, Section()), Is.EqualTo(start));
    }
}
