using System.Data;
using System.Diagnostics;
using Ja4Data.Protocol;
using Ja4Data.Tests.Support;
using Ja4Data.TestSupport;
using NUnit.Framework;

namespace Ja4Data.Tests.Inserts;

/// <summary>
/// A server that goes silent during an insert - instead of the header, half-way through a packet, or instead of the
/// acknowledgement - holds no insert path longer than CommandTimeout, and cancellation ends the wait at once: the
/// error has the timeout's type and outcome, the connection is discarded and the pool goes on working.
/// </summary>
[TestFixture]
public sealed class InsertDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    // Generous: the point is "seconds, not forever"; a loaded machine must not fail the test.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    // The Data packet announcing INSERT INTO t's one column x UInt8 (no rows), at the fake's default revision.
    private static readonly byte[] Header = new WireBytes()
        .Var((ulong)ServerPacketType.Data).Str(string.Empty)
        .Hex("01 00 02 FF FF FF FF 00").Var(1).Var(0) // block info, 1 column, 0 rows
        .Str("x").Str("UInt8")
        .ToArray();

    [Test]
    public async Task CreateBulkWriterAsync_ServerSilentInsteadOfTheHeader_TimesOutAndThePoolGoesOn()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(async c =>
        {
            await c.ReadQueryAsync();
            await c.WaitForCloseAsync();
        }));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await connection.CreateBulkWriterAsync("t"))!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            AssertTimeout(error, "announce the INSERT's columns");
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task CreateBulkWriter_Sync_HeaderStopsHalfWay_TimesOut()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(async c =>
        {
            await c.ReadQueryAsync();
            await c.SendAsync(Header.AsMemory(0, Header.Length - 4)); // the packet starts, the column's type never ends
            await c.WaitForCloseAsync();
        }));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<ClickHouseConnectionException>(() => connection.CreateBulkWriter("t"))!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            AssertTimeout(error, "announce the INSERT's columns");
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task CompleteAsync_ServerNeverAcknowledges_IsOutcomeUnknownAfterTheTimeout()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(HeaderThenSilence));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.CreateBulkWriterAsync("t");
        await writer.WriteRowAsync([(byte)1]);
        await writer.WriteRowAsync([(byte)2]);

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () => await writer.CompleteAsync())!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That((error.BlocksSent, error.RowsSent, error.Outcome), Is.EqualTo((1, 2L, ClickHouseOutcome.Unknown)));
            Assert.That(error.InnerException, Is.TypeOf<ClickHouseConnectionException>());
            AssertTimeout((ClickHouseConnectionException)error.InnerException!, "acknowledge the end of the INSERT");
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task CompleteAsync_NoLimitButCancelledWhileWaitingForTheAcknowledgement_EndsAtOnce()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(HeaderThenSilence));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = TimeSpan.Zero });
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.CreateBulkWriterAsync("t");
        await writer.WriteRowAsync([(byte)1]);
        using var cancellation = new CancellationTokenSource(Deadline);

        var watch = Stopwatch.StartNew();
        var error = Assert.CatchAsync<OperationCanceledException>(async () => await writer.CompleteAsync(cancellation.Token))!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancellation.Token));
            Assert.That(error.Message, Does.Contain("acknowledge the end of the INSERT").And.Contain("1 block(s) with 1 row(s)").And.Contain("may be stored"));
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task CompleteAsync_NoRowsAndNoAcknowledgement_IsATimeoutThatStoredNothing()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(HeaderThenSilence));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.CreateBulkWriterAsync("t");

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await writer.CompleteAsync())!;

        AssertTimeout(error, "acknowledge the end of the INSERT");
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task WriteRowAsync_ServerStopsReadingData_TheBlockSendTimesOutAsOutcomeUnknown()
    {
        // The server reads the statement, announces the columns, then reads nothing more: once the socket buffers are
        // full the send of a large block blocks, and only the block's deadline ends it.
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(async c =>
        {
            await c.ReadQueryAsync();
            await c.SendAsync(Header);
            await Task.Delay(Timeout.Infinite, c.Stopping);
        }));
        const int rows = 1 << 20;
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { CommandTimeout = Deadline });
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.CreateBulkWriterAsync("t", blockSize: rows);
        var column = new byte[rows];

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () =>
        {
            for (var block = 0; block < 256; block++)
            {
                writer.AppendColumn<byte>(0, column);
                await writer.FlushAsync();
            }
        })!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            AssertTimeout((ClickHouseConnectionException)error.InnerException!, "take a data block of the INSERT");
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await PoolRecovery.AssertPoolGoesOnAsync(dataSource, connection, server);
    }

    [Test]
    public async Task FacadeInsert_ServerNeverAcknowledges_IsOutcomeUnknownAndNotRepeated()
    {
        await using var server = new FakeNativeServer(FakeScripts.FirstThenPongs(HeaderThenSilence));
        await using var client = new ClickHouseClient(server.Settings() with { CommandTimeout = Deadline, RetryMaxAttempts = 3 });

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () => await client.InsertAsync("t", [[(byte)7]]))!;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.TypeOf<ClickHouseConnectionException>().With.InnerException.InstanceOf<TimeoutException>());
            Assert.That(watch.Elapsed, Is.LessThan(Guard));
            Assert.That(server.Accepted, Is.EqualTo(1), "an insert whose data left is never repeated");
            Assert.That(client.Pool.Total, Is.Zero, "the timed-out connection was discarded");
        });
        await using var fresh = await client.ConnectAsync();
        await fresh.PingAsync();
        Assert.That(server.Accepted, Is.EqualTo(2), "the pool opened a fresh connection");
    }

    private static async Task HeaderThenSilence(FakeConnection connection)
    {
        await connection.ReadQueryAsync();
        await connection.SendAsync(Header);
        await connection.WaitForCloseAsync(); // reads (and drops) the data blocks and the end of data, answers nothing
    }

    private static void AssertTimeout(ClickHouseConnectionException error, string waitingFor)
    {
        Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>(), error.ToString());
        Assert.That(error.Message, Does.Contain(waitingFor).And.Contain("CLICKHOUSE_COMMAND_TIMEOUT"));
    }
}
