using System.Diagnostics;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// A server that restarts while the pool holds idle connections, Close() on a warm pool, and the default retry budget
/// bridging a restart.
/// </summary>
[TestFixture]
public sealed class ServerRestartTests : PrivateServerFixture
{
    [Test]
    public async Task IdlePool_ServerKilledAndRestarted_FirstCallSucceedsWithoutAnyRetry()
    {
        // No retries: the pool alone must keep stale connections from reaching the caller.
        await using var client = new ClickHouseClient(Settings() with { RetryMaxAttempts = 0 });
        await WarmAsync(client, 4);
        var warm = client.Pool.Idle;

        Server.Kill();
        await Server.RestartAsync();
        var result = await client.QueryAsync("SELECT 1");
        var sync = client.Query("SELECT 2");

        Assert.Multiple(() =>
        {
            Assert.That(warm, Is.EqualTo(4));
            Assert.That(result.ResultRows[0][0], Is.EqualTo((byte)1));
            Assert.That(sync.ResultRows[0][0], Is.EqualTo((byte)2));
            Assert.That(client.Pool.Total, Is.EqualTo(1), "the dead connections were closed, one new one opened");
        });
    }

    [Test]
    public async Task Close_ClosesTheIdleConnectionsOnTheServer_AndLaterCallsConnectAnew()
    {
        await using var client = new ClickHouseClient(Settings());
        await WarmAsync(client, 3);
        var openBefore = await ServerTcpConnectionsAsync();

        client.Close();
        var drained = await Eventually.TrueAsync(async () => await ServerTcpConnectionsAsync() == 0);
        var after = await client.QueryAsync("SELECT 3");

        Assert.Multiple(async () =>
        {
            Assert.That(openBefore, Is.EqualTo(3));
            Assert.That(drained, Is.True, "Close() must close the server-side connections too");
            Assert.That(after.ResultRows[0][0], Is.EqualTo((byte)3));
            Assert.That(await ServerTcpConnectionsAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ServerDownForTenSeconds_DefaultRetryBudget_BridgesTheRestart()
    {
        var defaults = new ClickHouseSettings();
        var settings = Settings() with
        {
            RetryMaxAttempts = defaults.RetryMaxAttempts,
            RetryBaseDelay = defaults.RetryBaseDelay,
            RetryMaxDelay = defaults.RetryMaxDelay,
            RetryTimeout = defaults.RetryTimeout,
        };
        await using var client = new ClickHouseClient(settings);
        await WarmAsync(client, 1);

        Server.Kill();
        var watch = Stopwatch.StartNew();
        var call = client.QueryAsync("SELECT 5");
        await Task.Delay(TimeSpan.FromSeconds(10));
        await Server.RestartAsync();
        var downFor = watch.Elapsed;
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30));
        watch.Stop();
        await TestContext.Out.WriteLineAsync($"server down for {downFor.TotalSeconds:0.0} s; the call succeeded after {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.Multiple(() =>
        {
            Assert.That(downFor, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)), "the outage must be the one the issue names");
            Assert.That(result.ResultRows[0][0], Is.EqualTo((byte)5));
        });
    }

    private static async Task WarmAsync(ClickHouseClient client, int connections)
    {
        // Held at once, so the pool must open that many; then all go back idle.
        var held = new List<ClickHouseConnection>();
        for (var i = 0; i < connections; i++)
        {
            held.Add(await client.ConnectAsync());
        }

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }
    }
}
