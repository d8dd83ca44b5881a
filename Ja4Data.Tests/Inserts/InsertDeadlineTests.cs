using Ja4Data.Protocol;
using Ja4Data.Tests.Support;

namespace Ja4Data.Tests.Inserts;

/// <summary>
/// A server that goes silent during an insert - instead of the header, half-way through a packet, instead of the
/// acknowledgement, or by no longer reading the data - holds no insert path longer than CommandTimeout, and
/// cancellation ends the wait at once: the error has the timeout's type and outcome, the connection is discarded and
/// the pool goes on working.
/// </summary>
[TestFixture]
public sealed class InsertDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    // The Data packet announcing INSERT INTO t's one column x UInt8 (no rows), at the fake's default revision.
    private static readonly byte[] Header = new WireBytes()
        .Var((ulong)ServerPacketType.Data).Str(string.Empty)
        .Hex("01 00 02 FF FF FF FF 00").Var(1).Var(0) // block info, 1 column, 0 rows
        .Str("x").Str("UInt8")
        .ToArray();

    [Test]
    public async Task CreateBulkWriterAsync_ServerSilentInsteadOfTheHeader_TimesOutAndThePoolGoesOn()
    {
        await using var stage = await ScriptedPool.OpenAsync(SilentAfter([]), WithDeadline);

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseConnectionException>(() => stage.Connection.CreateBulkWriterAsync("t"));

        AssertTimeout(error, "announce the INSERT's columns");
        Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task CreateBulkWriter_Sync_HeaderStopsHalfWay_TimesOut()
    {
        // The packet starts; the column's type never ends.
        await using var stage = await ScriptedPool.OpenAsync(SilentAfter(Header[..^4]), WithDeadline);

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseConnectionException>(() => Task.Run(() => stage.Connection.CreateBulkWriter("t")));

        AssertTimeout(error, "announce the INSERT's columns");
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task CompleteAsync_ServerNeverAcknowledges_IsOutcomeUnknownAfterTheTimeout()
    {
        await using var stage = await ScriptedPool.OpenAsync(SilentAfter(Header), WithDeadline);
        await using var writer = await stage.Connection.CreateBulkWriterAsync("t");
        await writer.WriteRowAsync([(byte)1]);
        await writer.WriteRowAsync([(byte)2]);

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseInsertOutcomeUnknownException>(() => writer.CompleteAsync().AsTask());

        Assert.That((error.BlocksSent, error.RowsSent, error.Outcome), Is.EqualTo((1, 2L, ClickHouseOutcome.Unknown)));
        AssertTimeout((ClickHouseConnectionException)error.InnerException!, "acknowledge the end of the INSERT");
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task CompleteAsync_NoLimitButCancelledWhileWaitingForTheAcknowledgement_EndsAtOnce()
    {
        await using var stage = await ScriptedPool.OpenAsync(SilentAfter(Header), s => s with { CommandTimeout = TimeSpan.Zero });
        await using var writer = await stage.Connection.CreateBulkWriterAsync("t");
        await writer.WriteRowAsync([(byte)1]);
        using var cancellation = new CancellationTokenSource(Deadline);

        var (error, elapsed) = ScriptedPool.Timed<OperationCanceledException>(() => writer.CompleteAsync(cancellation.Token).AsTask());

        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancellation.Token));
            Assert.That(error.Message, Does.Contain("acknowledge the end of the INSERT").And.Contain("1 block(s) with 1 row(s)").And.Contain("may be stored"));
        });
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task CompleteAsync_NoRowsAndNoAcknowledgement_IsATimeoutThatStoredNothing()
    {
        await using var stage = await ScriptedPool.OpenAsync(SilentAfter(Header), WithDeadline);
        await using var writer = await stage.Connection.CreateBulkWriterAsync("t");

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseConnectionException>(() => writer.CompleteAsync().AsTask());

        AssertTimeout(error, "acknowledge the end of the INSERT");
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task FlushAsync_ServerStopsReadingData_TheBlockSendTimesOutAsOutcomeUnknown()
    {
        // The server announces the columns, then reads nothing more: once the socket buffers are full the send of a
        // large block blocks, and only the block's deadline ends it.
        await using var stage = await ScriptedPool.OpenAsync(
            async c =>
            {
                await c.ReadQueryAsync();
                await c.SendAsync(Header);
                await Task.Delay(Timeout.Infinite, c.Stopping);
            },
            WithDeadline);
        const int rows = 1 << 20;
        await using var writer = await stage.Connection.CreateBulkWriterAsync("t", blockSize: rows);
        var column = new byte[rows];

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseInsertOutcomeUnknownException>(async () =>
        {
            for (var block = 0; block < 256; block++)
            {
                writer.AppendColumn<byte>(0, column);
                await writer.FlushAsync();
            }
        });

        AssertTimeout((ClickHouseConnectionException)error.InnerException!, "take a data block of the INSERT");
        await stage.AssertEndedInTimeAndThePoolGoesOnAsync(elapsed);
    }

    [Test]
    public async Task FacadeInsert_ServerNeverAcknowledges_IsOutcomeUnknownAndNotRepeated()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(SilentAfter(Header)));
        // A table that does not deduplicate (the fake server answers no system.tables lookup): never repeated.
        await using var client = new ClickHouseClient(server.Settings() with
        {
            CommandTimeout = Deadline,
            RetryMaxAttempts = 3,
            InsertRetryDeduplicated = false,
        });

        var (error, elapsed) = ScriptedPool.Timed<ClickHouseInsertOutcomeUnknownException>(() => client.InsertAsync("t", [[(byte)7]]));
        var discarded = client.Pool.Total == 0;
        await using var fresh = await client.ConnectAsync();
        await fresh.PingAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.TypeOf<ClickHouseConnectionException>().With.InnerException.InstanceOf<TimeoutException>());
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
            Assert.That(discarded, Is.True, "the timed-out connection was discarded");
            Assert.That(server.Accepted, Is.EqualTo(2), "never repeated: the second connection is the fresh lease");
        });
    }

    private static ClickHouseSettings WithDeadline(ClickHouseSettings settings) => settings with { CommandTimeout = Deadline };

    // Reads the INSERT, sends these bytes, then answers nothing: it reads and drops whatever the client sends.
    private static Func<FakeConnection, Task> SilentAfter(byte[] reply) => async connection =>
    {
        await connection.ReadQueryAsync();
        await connection.SendAsync(reply);
        await connection.WaitForCloseAsync();
    };

    private static void AssertTimeout(ClickHouseConnectionException error, string waitingFor)
    {
        Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), error.ToString());
        Assert.That(error.Message, Does.Contain(waitingFor).And.Contain("CLICKHOUSE_COMMAND_TIMEOUT"));
    }
}
