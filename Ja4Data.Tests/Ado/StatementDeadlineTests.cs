using Ja4Data.Protocol;
using Ja4Data.Tests.Support;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// The waits of a statement on a server that stops cooperating end by their deadline: the query's own send, a result
/// packet that stops half-way, the Ping that resynchronises after a server error, a cancelled ping. Each leaves the
/// connection discarded and the pool working. (A timed-out statement also waits the 3 s Cancel grace period.)
/// </summary>
[TestFixture]
public sealed class StatementDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task ExecuteNonQueryAsync_ServerStopsReadingTheQuery_EndsByTheStatementTimeoutAsNotExecuted()
    {
        // Reads nothing after the handshake: once the socket buffers are full the query's send blocks.
        await using var stage = await ScriptedPool.OpenAsync(c => Task.Delay(Timeout.Infinite, c.Stopping), s => s with { CommandTimeout = Deadline });
        var sql = "SELECT '" + new string('x', 96 << 20) + "'";

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseConnectionException>(() => new ClickHouseCommand(sql, stage.Connection).ExecuteNonQueryAsync());

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), error.ToString());
            Assert.That(error.Message, Does.Contain("CLICKHOUSE_COMMAND_TIMEOUT"));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted), "the query never left whole");
        });
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task ExecuteReaderAsync_ResultPacketStopsHalfWay_EndsByTheStatementTimeout()
    {
        var partial = new WireBytes().Var((ulong)ServerPacketType.Data).Str(string.Empty).Hex("01 00 02 FF FF FF FF 00").Var(1).Var(3).Str("x").ToArray();
        await using var stage = await ScriptedPool.OpenAsync(
            async c =>
            {
                await c.ReadQueryAsync();
                await c.SendAsync(partial);
                await c.WaitForCloseAsync(); // ignores the Cancel too
            },
            s => s with { CommandTimeout = Deadline });

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseConnectionException>(() => new ClickHouseCommand("SELECT x", stage.Connection).ExecuteReaderAsync());

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), error.ToString());
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
        });
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task ServerError_ThenNoPong_ResynchronisingEndsByConnectTimeout_AndTheCallerGetsTheServerError()
    {
        var exception = new WireBytes().Var((ulong)ServerPacketType.Exception)
            .Int32(60).Str("DB::Exception").Str("Table default.t doesn't exist.").Str(string.Empty).Byte(0).ToArray();
        await using var stage = await ScriptedPool.OpenAsync(
            async c =>
            {
                await c.ReadQueryAsync();
                await c.SendAsync(exception);
                await c.WaitForCloseAsync(); // reads the Ping, never answers it
            },
            s => s with { ConnectTimeout = Deadline, CommandTimeout = TimeSpan.Zero });

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseServerException>(() => new ClickHouseCommand("SELECT * FROM t", stage.Connection).ExecuteReaderAsync());

        Assert.That(error.ErrorCode, Is.EqualTo(60), "the caller gets the server's error; the connection, not answering the Ping, is never reused");
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task PingAsync_Cancelled_BreaksTheConnection()
    {
        await using var stage = await ScriptedPool.OpenAsync(c => c.WaitForCloseAsync(), s => s with { ConnectTimeout = TimeSpan.FromSeconds(60) });
        using var cancellation = new CancellationTokenSource(Deadline);

        var (error, elapsed) = ScriptedPool.Timed<OperationCanceledException>(() => stage.Connection.PingAsync(cancellation.Token));

        Assert.That(error.CancellationToken, Is.EqualTo(cancellation.Token), "the Pong may still arrive: the stream position is unknown, so the connection breaks");
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }
}
