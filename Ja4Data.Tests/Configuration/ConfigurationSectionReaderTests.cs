using Ja4Data.Configuration;
using Microsoft.Extensions.Configuration;
using NUnit.Framework;

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

    [Test]
    public void Apply_MalformedValue_ThrowsNamingTheKeyPath()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ConfigurationSectionReader.Apply(new ClickHouseSettings(), Section(("Port", "ninety"))));

        Assert.That(ex.Message, Is.EqualTo("ClickHouse:Port must be an integer from 1 to 65535, got 'ninety'."));
    }

    [Test]
    public void Apply_UnknownKey_ThrowsNamingItAndTheValidKeys()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ConfigurationSectionReader.Apply(new ClickHouseSettings(), Section(("Hots", "ch1"))));

        Assert.That(ex.Message, Does.StartWith("ClickHouse:Hots is not a ClickHouse setting. Valid keys: Host, Port,"));
    }

    [Test]
    public void Apply_SettingWithSubKeys_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ConfigurationSectionReader.Apply(new ClickHouseSettings(), Section(("Host:Name", "ch1"))));

        Assert.That(ex.Message, Does.StartWith("ClickHouse:Host must be a value, not a section with sub-keys"));
    }

    [Test]
    public void Apply_EmptySection_ChangesNothing()
    {
        var start = new ClickHouseSettings { Host = "kept" };

        Assert.That(ConfigurationSectionReader.Apply(start, Section()), Is.EqualTo(start));
    }
}
