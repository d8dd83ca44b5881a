using Ja4Data.Cli.Hosting;
using NUnit.Framework;

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
