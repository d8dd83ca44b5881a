using Ja4Data.Configuration;
using Microsoft.Extensions.Configuration;
using E = Ja4Data.ClickHouseEnvironmentVariables;

namespace Ja4Data.Tests.Configuration;

/// <summary>Several hosts in Host / CLICKHOUSE_HOST: the parsed view, default ports, IPv6, and errors that name the bad entry.</summary>
[TestFixture]
public sealed class HostListTests
{
    [Test]
    public void GetHosts_ListWithAndWithoutPorts_EntriesWithoutAPortTakeThePortSetting()
    {
        var settings = new ClickHouseSettings { Host = "ch1:9000,ch2,ch3:9440", Port = 9001 };

        Assert.That(settings.GetHosts(), Is.EqualTo(new[] { new ClickHouseHost("ch1", 9000), new ClickHouseHost("ch2", 9001), new ClickHouseHost("ch3", 9440) }));
    }

    [Test]
    public void GetHosts_SecureWithoutPort_EntriesWithoutAPortTake9440()
    {
        var settings = new ClickHouseSettings { Host = "ch1,ch2:9441", Secure = true };

        Assert.That(settings.GetHosts(), Is.EqualTo(new[] { new ClickHouseHost("ch1", 9440), new ClickHouseHost("ch2", 9441) }));
    }

    [Test]
    public void GetHosts_SingleHost_IsOneEntry_AsBefore()
    {
        Assert.That(new ClickHouseSettings().GetHosts(), Is.EqualTo(new[] { new ClickHouseHost("clickhouse", 9000) }));
    }

    [TestCase("[::1]:9001", "::1", 9001)]
    [TestCase("[::1]", "::1", 9000)]
    [TestCase("::1", "::1", 9000)]
    [TestCase("[fe80::1:2]:9440", "fe80::1:2", 9440)]
    [TestCase("127.0.0.1:9002", "127.0.0.1", 9002)]
    [TestCase(" ch1 : 9000 ", null, 0)]
    public void GetHosts_IPv6InBrackets_AndBareIPv6WithoutPort(string text, string? host, int port)
    {
        if (host is null)
        {
            // Spaces around an entry are fine, inside it they are not.
            Assert.Throws<ClickHouseConfigurationException>(() => new ClickHouseSettings { Host = text }.Validate());
            return;
        }

        Assert.That(new ClickHouseSettings { Host = text }.GetHosts(), Is.EqualTo(new[] { new ClickHouseHost(host, port) }));
    }

    [Test]
    public void GetHosts_SpacesAroundEntries_AreIgnored()
    {
        Assert.That(new ClickHouseSettings { Host = " ch1:9000 , ch2 " }.GetHosts(), Is.EqualTo(new[] { new ClickHouseHost("ch1", 9000), new ClickHouseHost("ch2", 9000) }));
    }

    [TestCase("ch1,,ch2", "entry 2 is empty (two commas in a row, or a comma at either end)")]
    [TestCase("ch1,ch2,", "entry 3 is empty (two commas in a row, or a comma at either end)")]
    [TestCase("ch1,ch2:abc", "entry 2 'ch2:abc' has the port 'abc'; a port is an integer from 1 to 65535")]
    [TestCase("ch1:0", "entry 1 'ch1:0' has the port '0'; a port is an integer from 1 to 65535")]
    [TestCase("ch1,ch2:65536", "entry 2 'ch2:65536' has the port '65536'; a port is an integer from 1 to 65535")]
    [TestCase("ch1,ch2:+90", "entry 2 'ch2:+90' has the port '+90'; a port is an integer from 1 to 65535")]
    [TestCase("ch1,ch2:", "entry 2 'ch2:' has the port ''; a port is an integer from 1 to 65535")]
    [TestCase("ch1,:9000", "entry 2 ':9000' has no host name before the port")]
    [TestCase("ch1,fe80::1:9000x", "entry 2 'fe80::1:9000x' has several ':'; write an IPv6 address with a port in brackets, as [::1]:9000")]
    [TestCase("[::1", "entry 1 '[::1' is not an IPv6 address in brackets such as [::1] or [::1]:9000")]
    [TestCase("[ch1]:9000", "entry 1 '[ch1]:9000' is not an IPv6 address in brackets such as [::1] or [::1]:9000")]
    [TestCase("[::1]9000", "entry 1 '[::1]9000' has '9000' after the bracket; only :port may follow")]
    [TestCase("ch1,c h2", "entry 2 'c h2' contains a space or control character")]
    [TestCase("ch1,user@ch2", "entry 2 'user@ch2' is not a host name")]
    public void Validate_BadEntry_MessageNamesTheEntryAndTheProblem(string text, string problem)
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new ClickHouseSettings { Host = text }.Validate());

        Assert.That(ex!.Message, Is.EqualTo(
            $"Host (CLICKHOUSE_HOST) must be {HostList.ExpectedForm}, got '{text}': {problem}."));
    }

    [Test]
    public void Validate_TheSameServerTwice_IsRejectedNamingBothEntries()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new ClickHouseSettings { Host = "ch1,ch2:9001,CH1:9000" }.Validate());

        Assert.That(ex!.Message, Is.EqualTo("Host (CLICKHOUSE_HOST) lists CH1:9000 twice (entries 1 and 3); list each server once."));
    }

    [Test]
    public void Validate_MoreHostsThanTheLimit_IsRejected()
    {
        var text = string.Join(',', Enumerable.Range(1, HostList.MaxHosts + 1).Select(i => $"ch{i}"));

        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new ClickHouseSettings { Host = text }.Validate());

        Assert.That(ex!.Message, Does.EndWith($"it lists {HostList.MaxHosts + 1} hosts, more than {HostList.MaxHosts}."));
    }

    [Test]
    public void ConnectionString_HostList_RoundTripsAndParses()
    {
        var settings = ClickHouseSettings.FromConnectionString("Host=ch1:9000,ch2,[::1]:9440;Port=9001;LoadBalancing=round_robin");

        Assert.Multiple(() =>
        {
            Assert.That(settings.Host, Is.EqualTo("ch1:9000,ch2,[::1]:9440"), "the text stays as given");
            Assert.That(settings.GetHosts(), Is.EqualTo(new[] { new ClickHouseHost("ch1", 9000), new ClickHouseHost("ch2", 9001), new ClickHouseHost("::1", 9440) }));
            Assert.That(settings.LoadBalancing, Is.EqualTo(ClickHouseLoadBalancing.RoundRobin));
            Assert.That(ClickHouseSettings.FromConnectionString(settings.ToConnectionString()), Is.EqualTo(settings));
        });
    }

    [Test]
    public void ConnectionString_BadEntry_NamesTheKeyAndTheEntry()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => ClickHouseSettings.FromConnectionString("Server=ch1,ch2:x"));

        Assert.That(ex!.Message, Does.StartWith("Connection string key 'server' (Host) must be ").And.EndWith("got 'ch1,ch2:x': entry 2 'ch2:x' has the port 'x'; a port is an integer from 1 to 65535."));
    }

    [Test]
    public void Load_EnvironmentHostList_AndLoadBalancing()
    {
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "empty-for-host-list-tests.env");
        File.WriteAllText(file, string.Empty);

        var settings = ClickHouseSettings.Load(
            new Dictionary<string, string?>
            {
                [E.Host] = "ch1:9000,ch2:9000,ch3",
                [E.LoadBalancing] = "RANDOM",
                [E.HostRecheckInterval] = "2.5",
                [E.InsertRetryDeduplicated] = "false",
            },
            file);

        Assert.Multiple(() =>
        {
            Assert.That(settings.GetHosts().Select(h => h.ToString()), Is.EqualTo((string[])["ch1:9000", "ch2:9000", "ch3:9000"]));
            Assert.That(settings.LoadBalancing, Is.EqualTo(ClickHouseLoadBalancing.Random));
            Assert.That(settings.HostRecheckInterval, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
            Assert.That(settings.InsertRetryDeduplicated, Is.False);
        });
    }

    [Test]
    public void ConfigurationSection_HostList_GoesThroughTheSameRules()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("ClickHouse:Host", (string?)"ch1:9000,ch2"), KeyValuePair.Create("ClickHouse:LoadBalancing", (string?)"round_robin")])
            .Build()
            .GetSection("ClickHouse");
        var bad = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("ClickHouse:Host", (string?)"ch1,ch2:99999")])
            .Build()
            .GetSection("ClickHouse");

        var settings = ConfigurationSectionReader.Apply(new ClickHouseSettings(), section);
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => ConfigurationSectionReader.Apply(new ClickHouseSettings(), bad));

        Assert.Multiple(() =>
        {
            Assert.That(settings.GetHosts(), Has.Count.EqualTo(2));
            Assert.That(settings.LoadBalancing, Is.EqualTo(ClickHouseLoadBalancing.RoundRobin));
            Assert.That(ex!.Message, Does.StartWith("ClickHouse:Host must be ").And.Contain("entry 2 'ch2:99999' has the port '99999'"));
        });
    }

    [Test]
    public void ClickHouseHost_ToString_BracketsIPv6()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ClickHouseHost("::1", 9000).ToString(), Is.EqualTo("[::1]:9000"));
            Assert.That(new ClickHouseHost("ch1", 9440).ToString(), Is.EqualTo("ch1:9440"));
        });
    }

    [Test]
    public void ConnectionDataSource_ListsEveryHostUntilOpen()
    {
        using var connection = new ClickHouseConnection(new ClickHouseSettings { Host = "ch1,[::1]:9001", Port = 9002 });

        Assert.That(connection.DataSource, Is.EqualTo("ch1:9002,[::1]:9001"));
    }
}
