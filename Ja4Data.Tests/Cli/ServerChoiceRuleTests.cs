using Ja4Data.Cli.Hosting;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class ServerChoiceRuleTests
{
    [TestCase(null, null, false, true)]
    [TestCase(null, "", false, true)]
    [TestCase(null, "clickhouse.internal", false, false)]
    [TestCase("db1", null, false, false)]
    [TestCase(null, "clickhouse.internal", true, true)]
    public void Decide_HostOptionEnvironmentAndLocalFlag_PickTheServer(string? hostOption, string? hostEnvironment, bool forceLocal, bool local)
        => Assert.That(ServerChoiceRule.Decide(new ServerOptions(hostOption, null, null, forceLocal), hostEnvironment), Is.EqualTo(local ? ServerChoice.Local : ServerChoice.Configured));

    [TestCase(null, false)]
    [TestCase("clickhouse.internal", true)]
    public void Decide_LocalCluster_WinsOverEverythingElse(string? hostEnvironment, bool forceLocal)
        => Assert.That(ServerChoiceRule.Decide(new ServerOptions(null, null, null, forceLocal, LocalCluster: true), hostEnvironment), Is.EqualTo(ServerChoice.LocalCluster));

    [Test]
    public async Task Configured_HostList_DescribesEveryHostWithItsPort()
    {
        await using var target = ServerTarget.Configured(new ServerOptions("ch1:9001,ch2", 9002, "etl", ForceLocal: false), minPoolSize: 4);

        Assert.Multiple(() =>
        {
            Assert.That(target.Settings.GetHosts().Select(h => h.ToString()), Is.EqualTo((string[])["ch1:9001", "ch2:9002"]));
            Assert.That(target.Description, Does.StartWith("etl@ch1:9001,ch2:9002 (configured"));
        });
    }

    [Test]
    public void BenchOneServer_HostList_IsItsFirstHost()
    {
        var settings = new ClickHouseSettings { Host = "ch1:9001,ch2", Port = 9002 };

        using var output = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) });

        var one = Ja4Data.Cli.Commands.BenchCommand.OneServer(settings, console);

        Assert.Multiple(() =>
        {
            Assert.That(one.GetHosts().Select(h => h.ToString()), Is.EqualTo((string[])["ch1:9001"]));
            Assert.That(output.ToString(), Does.Contain("the first of the 2 hosts: ch1:9001"));
        });
    }

    [Test]
    public void SpreadLine_TwoShards_SaysEachShardsShareAndWhetherItsReplicasAgree()
    {
        var line = Ja4Data.Cli.Commands.DemoCommand.SpreadLine(
        [
            new("h1", "01", "01", 600), new("h2", "01", "02", 600),
            new("h3", "02", "01", 400), new("h4", "02", "02", 390),
        ]);

        Assert.That(line, Is.EqualTo("Rows over the shards (http_logs_local per node): shard 01: 600 rows (60.0%), on all 2 replicas; shard 02: 400 rows (40.0%), 01 400 / 02 390."));
    }

    [Test]
    public void ForLocal_Endpoint_ReplacesConnectionKeepsTuningAndRaisesThePool()
    {
        var tuned = new ClickHouseSettings { Host = "clickhouse", User = "admin", Password = "secret", Database = "ja4_processing", PoolMaxSize = 2, RetryMaxAttempts = 1, DbLogs = "logs_x" };
        var endpoint = new LocalServer.ClickHouseEndpoint("127.0.0.1", 41234, "default", string.Empty, null, null, 41235);

        var settings = ServerTarget.ForLocal(tuned, endpoint, minPoolSize: 10);

        Assert.Multiple(() =>
        {
            Assert.That((settings.Host, settings.Port, settings.User, settings.Password, settings.Database), Is.EqualTo(("127.0.0.1", 41234, "default", string.Empty, "default")));
            Assert.That(settings.PoolMaxSize, Is.EqualTo(10));
            Assert.That(settings.RetryMaxAttempts, Is.EqualTo(1));
            Assert.That(settings.DbLogs, Is.EqualTo("logs_x"));
        });
    }
}
