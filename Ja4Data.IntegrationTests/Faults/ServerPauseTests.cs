using System.Diagnostics;

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
    public async Task Paused_BulkWriter_HeaderAndAcknowledgementWaitsEndByCommandTimeout_ThenItWorksAgain()
    {
        var table = TestSettings.UniqueTable("paused_bulk");
        await HttpAsync($"CREATE TABLE {table} (id UInt32) ENGINE = MergeTree ORDER BY id");
        await using var dataSource = new ClickHouseDataSource(Settings() with { CommandTimeout = Second, ConnectTimeout = Second });
        var connection = await dataSource.OpenConnectionAsync();

        Server.Pause();
        var header = Stopwatch.StartNew();
        var headerError = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await connection.CreateBulkWriterAsync(table))!;
        header.Stop();
        Server.Resume();
        var brokenAfterHeader = connection.State;
        await connection.DisposeAsync();

        connection = await dataSource.OpenConnectionAsync();
        var writer = await connection.CreateBulkWriterAsync(table);
        await writer.WriteRowAsync([1u]);
        await writer.FlushAsync();
        Server.Pause();
        var acknowledgement = Stopwatch.StartNew();
        var ackError = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () => await writer.CompleteAsync())!;
        acknowledgement.Stop();
        Server.Resume();
        await writer.DisposeAsync();
        await connection.DisposeAsync();
        await TestContext.Out.WriteLineAsync(
            $"paused server, CommandTimeout 1 s: bulk writer header wait ended after {header.ElapsedMilliseconds} ms, acknowledgement wait after {acknowledgement.ElapsedMilliseconds} ms");

        await using (var again = await dataSource.OpenConnectionAsync())
        {
            await using var next = await again.CreateBulkWriterAsync(table);
            await next.WriteRowAsync([2u]);
            await next.CompleteAsync();
        }

        Assert.Multiple(async () =>
        {
            Assert.That(headerError.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(headerError.Message, Does.Contain("announce the INSERT's columns"));
            Assert.That(header.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "seconds, not for ever");
            Assert.That(brokenAfterHeader, Is.EqualTo(System.Data.ConnectionState.Broken));
            Assert.That(ackError.InnerException, Is.InstanceOf<ClickHouseConnectionException>().With.InnerException.InstanceOf<TimeoutException>());
            Assert.That(acknowledgement.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
            Assert.That(await CountAsync(table, "id = 2"), Is.EqualTo(1), "the pool works after both");
            Assert.That(await CountAsync(table, "id = 1"), Is.EqualTo(0).Or.EqualTo(1), "outcome unknown: stored or not, never twice");
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
