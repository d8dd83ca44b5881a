using System.Data;
using Ja4Data.Core;
using Ja4Data.Core.Inserts;
using Ja4Data.Protocol;
using Ja4Data.Types;

namespace Ja4Data.IntegrationTests.Inserts;

/// <summary>
/// The one insert session against the live server: the parts its callers (Insert, the bulk writer, a command that
/// turns out to be an INSERT) do not reach on their own - pre-encoded blocks, ending without data, aborting.
/// </summary>
[TestFixture]
public sealed class InsertSessionLiveTests
{
    private readonly List<string> _tables = [];

    // Each test gets its own Memory table, dropped after it.
    private async Task<string> NewTableAsync()
    {
        var table = TestSettings.UniqueTable("session");
        _tables.Add(table);
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {table} (id UInt32, name String) ENGINE = Memory");
        return table;
    }

    [TearDown]
    public async Task DropTablesAsync()
    {
        foreach (var table in _tables)
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {table}");
        }

        _tables.Clear();
    }

    private static async Task<string> ScalarAsync(string sql) => (await ClickHouseHttp.QueryAsync(TestServer.Endpoint, sql)).TrimEnd('\n');

    private static ValueTask<InsertSession> BeginAsync(ClickHouseConnection connection, string table)
        => InsertSession.BeginAsync(connection.Connector, new QueryRequest(InsertStatement.Build(table, null)), table, async: true, CancellationToken.None);

    [TestCase(ClickHouseCompression.None)]
    [TestCase(ClickHouseCompression.Lz4)]
    public async Task SendEncodedBlock_StoresTheRows_AndTheSameBytesCanBeSentAgainOnAnotherSession(ClickHouseCompression compression)
    {
        var table = await NewTableAsync();
        await using var connection = await TestSettings.OpenAsync(TestSettings.Shared(compression));
        byte[] encoded;
        BlockFormat format;
        using (var first = await BeginAsync(connection, table))
        {
            Assert.That(first.Header.Columns.Select(c => (c.Name, c.TypeName)), Is.EqualTo(new[] { ("id", "UInt32"), ("name", "String") }));
            using var buffer = new BlockBuffer(first.Header);
            for (var i = 0; i < 3; i++)
            {
                buffer.AppendRow([(uint)i, $"row {i}"], i);
            }

            // Encoded once, as an ingest buffer does, then handed over as bytes.
            using var writer = new ProtocolWriter();
            format = first.Format;
            BlockWriter.Write(writer, format, buffer.Names, buffer.Types, buffer.Builders, buffer.RowCount);
            encoded = writer.WrittenSpan.ToArray();
            await first.SendAsync(encoded, buffer.RowCount, async: true, CancellationToken.None);
            await first.EndAsync(async: true, CancellationToken.None);
            Assert.That((first.BlocksSent, first.RowsSent, first.IsRunning), Is.EqualTo((1, 3L, false)));
        }

        using (var second = await BeginAsync(connection, table))
        {
            Assert.That(second.Format, Is.EqualTo(format), "same connection revision: the bytes fit as they are");
            await second.SendAsync(encoded, 3, async: true, CancellationToken.None);
            await second.EndAsync(async: true, CancellationToken.None);
        }

        Assert.That(await ScalarAsync($"SELECT name, count(), sum(id) FROM {table} GROUP BY name ORDER BY name"), Is.EqualTo("row 0\t2\t0\nrow 1\t2\t2\nrow 2\t2\t4"));
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
    }

    [Test]
    public async Task SendBlockBuffer_WithoutRows_SendsNothing_AndEndingStoresNothing_TheConnectionStaysReady()
    {
        var table = await NewTableAsync();
        await using var connection = await TestSettings.OpenAsync();
        using (var session = await BeginAsync(connection, table))
        {
            using var empty = new BlockBuffer(session.Header);
            await session.SendAsync(empty, async: false, CancellationToken.None);
            await session.SendAsync(ReadOnlyMemory<byte>.Empty, 0, async: false, CancellationToken.None);
            Assert.That(session.BlocksSent, Is.Zero);
            var summary = await session.EndAsync(async: false, CancellationToken.None);
            Assert.That(summary.WrittenRows, Is.Zero);
        }

        Assert.That(await ScalarAsync($"SELECT count() FROM {table}"), Is.EqualTo("0"));
        Assert.That(await new ClickHouseCommand("SELECT 7", connection).ExecuteScalarAsync(), Is.EqualTo((byte)7));
    }

    [Test]
    public async Task Dispose_BeforeTheEnd_AbortsByDroppingTheConnection_SoTheSentBlockIsNeverCommittedByAnEndBlock()
    {
        var table = await NewTableAsync();
        var connection = await TestSettings.OpenAsync();
        var session = await BeginAsync(connection, table);
        using (var buffer = new BlockBuffer(session.Header))
        {
            buffer.AppendRow([1u, "sent"], 0);
            await session.SendAsync(buffer, async: true, CancellationToken.None);
        }

        Assert.That(session.IsRunning, Is.True);
        session.Dispose();
        Assert.That(session.IsRunning, Is.False);
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken), "aborted by closing the socket, never by an end-of-data block");
        await connection.DisposeAsync();
        await using var next = await TestSettings.OpenAsync();
        Assert.That(await new ClickHouseCommand("SELECT 1", next).ExecuteScalarAsync(), Is.EqualTo((byte)1), "the pool discarded the aborted connection");
    }

    [Test]
    public async Task CancelledToken_AtTheNextSend_AbortsByDroppingTheConnection_AsOperationCanceled()
    {
        var table = await NewTableAsync();
        await using var connection = await TestSettings.OpenAsync();
        using var session = await BeginAsync(connection, table);
        using var buffer = new BlockBuffer(session.Header);
        buffer.AppendRow([1u, "one"], 0);
        await session.SendAsync(buffer, async: true, CancellationToken.None);

        // Cancellation is the caller's own act: it stays an OperationCanceledException, and the connection is dropped.
        Assert.That(async () => await session.SendAsync(buffer, async: true, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That((session.IsRunning, connection.State), Is.EqualTo((false, ConnectionState.Broken)));
    }
}
