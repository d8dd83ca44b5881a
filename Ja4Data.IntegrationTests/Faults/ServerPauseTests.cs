using System.Diagnostics;
using NUnit.Framework;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// A frozen server (SIGSTOP): calls end by their timeouts instead of hanging, the connections involved are thrown
/// away, and everything works again after SIGCONT.
/// </summary>
[TestFixture]
public sealed class ServerPauseTests : PrivateServerFixture
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Test]
    public async Task Paused_ReadAndConnectTimeOut_ThenRecoverAfterResume()
    {
        await using var client = new ClickHouseClient(Settings() with { RetryMaxAttempts = 0, CommandTimeout = Second, ConnectTimeout = Second });
        await client.QueryAsync("SELECT 1");

        Server.Pause();
        var read = Stopwatch.StartNew();
        var readError = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync("SELECT 1"))!;
        read.Stop();
        var connect = Stopwatch.StartNew();
        var connectError = Assert.Throws<ClickHouseConnectionException>(() => client.Query("SELECT 1"))!; // sync path
        connect.Stop();
        Server.Resume();
        var after = await client.QueryAsync("SELECT 9");
        await TestContext.Out.WriteLineAsync($"paused server: read timed out after {read.ElapsedMilliseconds} ms, connect after {connect.ElapsedMilliseconds} ms");

        Assert.Multiple(() =>
        {
            Assert.That(readError.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(readError.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That(read.Elapsed, Is.InRange(Second, Second + TimeSpan.FromSeconds(5)), "CommandTimeout plus the Cancel grace period");
            Assert.That(connectError.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(connect.Elapsed, Is.InRange(Second * 0.9, Second * 3));
            Assert.That(after.ResultRows[0][0], Is.EqualTo((byte)9));
        });
    }

    [Test]
    public async Task Paused_InsertTimesOutUnstored_ThenTheSameInsertSucceedsAfterResume()
    {
        var table = TestSettings.UniqueTable("paused_insert");
        await HttpAsync($"CREATE TABLE {table} (id UInt32) ENGINE = MergeTree ORDER BY id");
        await using var client = new ClickHouseClient(Settings() with { RetryMaxAttempts = 0, CommandTimeout = Second, ConnectTimeout = Second });
        await client.QueryAsync("SELECT 1");
        var rows = Enumerable.Range(0, 100).Select(i => new object?[] { (uint)i }).ToList();

        Server.Pause();
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.InsertAsync(table, rows))!;
        Server.Resume();
        var storedAfterTimeout = await CountAsync(table);
        var written = await client.InsertAsync(table, rows);

        Assert.Multiple(async () =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), "the insert waited for its header: no data left");
            Assert.That(storedAfterTimeout, Is.Zero);
            Assert.That(written, Is.EqualTo(100));
            Assert.That(await CountAsync(table), Is.EqualTo(100));
        });
    }

    [Test]
    public async Task Paused_CallWithRetries_CompletesOnceTheServerResumes()
    {
        await using var client = new ClickHouseClient(Settings() with { CommandTimeout = Second, ConnectTimeout = Second, RetryTimeout = TimeSpan.FromSeconds(30) });
        await client.QueryAsync("SELECT 1");

        Server.Pause();
        var watch = Stopwatch.StartNew();
        var call = client.QueryAsync("SELECT 4");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var completedWhilePaused = call.IsCompleted;
        Server.Resume();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30));
        await TestContext.Out.WriteLineAsync($"a call made while the server was frozen for 3 s completed after {watch.ElapsedMilliseconds} ms");

        Assert.Multiple(() =>
        {
            Assert.That(completedWhilePaused, Is.False);
            Assert.That(result.ResultRows[0][0], Is.EqualTo((byte)4));
        });
    }
}
