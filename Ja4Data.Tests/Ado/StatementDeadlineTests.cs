using System.Data;
using System.Diagnostics;
using Ja4Data.Protocol;
using Ja4Data.Tests.Support;
using Ja4Data.TestSupport;
using NUnit.Framework;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// The waits of a statement on a server that stops cooperating end by their deadline: the query's own send, a result
/// packet that stops half-way, the Ping that resynchronises after a server error, a cancelled ping. Each leaves the
/// connection discarded and the pool working.
/// </summary>
[TestFixture]
public sealed class StatementDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    // Generous: the point is "seconds, not forever" (a timed-out statement also waits the 3 s Cancel grace).
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ExecuteNonQueryAsync_ServerStopsReadingTheQuery_EndsByTheStatementTimeoutAsNotExecuted()
    {
        // A server that reads nothing after the handshake: once the socket buffers are full the query's send blocks.
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(c => Task.Delay(Timeout.Infinite, c.Stopping)));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();
        var sql = "SELECT '" + new string('x', 96 << 20) + "'";

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await new ClickHouseCommand(sql, connection).ExecuteNonQueryAsync())!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), error.ToString());
            Assert.That(error.Message, Does.Contain("CLICKHOUSE_COMMAND_TIMEOUT"));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted), "the query never left whole");
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task ExecuteReaderAsync_ResultPacketStopsHalfWay_EndsByTheStatementTimeout()
    {
        var partial = new WireBytes().Var((ulong)ServerPacketType.Data).Str(string.Empty).Hex("01 00 02 FF FF FF FF 00").Var(1).Var(3).Str("x").ToArray();
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(async c =>
        {
            await c.ReadQueryAsync();
            await c.SendAsync(partial);
            await c.WaitForCloseAsync(); // ignores the Cancel too
        }));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await new ClickHouseCommand("SELECT x", connection).ExecuteReaderAsync())!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), error.ToString());
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task ServerError_ThenNoPong_ResynchronisingEndsByConnectTimeout_AndTheCallerGetsTheServerError()
    {
        var exception = new WireBytes().Var((ulong)ServerPacketType.Exception)
            .Int32(60).Str("DB::Exception").Str("Table default.t doesn't exist.").Str(string.Empty).Byte(0).ToArray();
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(async c =>
        {
            await c.ReadQueryAsync();
            await c.SendAsync(exception);
            await c.WaitForCloseAsync(); // reads the Ping, never answers it
        }));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { ConnectTimeout = Deadline, CommandTimeout = TimeSpan.Zero });
        await using var connection = await dataSource.OpenConnectionAsync();

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseServerException>(async () => await new ClickHouseCommand("SELECT * FROM t", connection).ExecuteReaderAsync())!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorCode, Is.EqualTo(60));
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken), "a connection that did not answer the Ping is never reused");
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task PingAsync_Cancelled_BreaksTheConnection()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(c => c.WaitForCloseAsync()));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { ConnectTimeout = TimeSpan.FromSeconds(60) });
        await using var connection = await dataSource.OpenConnectionAsync();
        using var cancellation = new CancellationTokenSource(Deadline);

        var watch = Stopwatch.StartNew();
        var error = Assert.CatchAsync<OperationCanceledException>(async () => await connection.PingAsync(cancellation.Token))!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancellation.Token));
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken), "the Pong may still arrive: the stream position is unknown");
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }
}
