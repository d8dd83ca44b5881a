using System.Text;
using Ja4Data.Core;
using Ja4Data.Protocol;

namespace Ja4Data.Tests.Protocol.Packets;

/// <summary>The connector against a scripted peer: protocol paths no live server on this machine produces.</summary>
[TestFixture]
public sealed class ScriptedServerTests
{
    private static byte[] ModernHello(int revision = 54492) => new WireBytes()
        .Var(0).Str("ClickHouse").Var(25).Var(8).Var((ulong)revision).Str("UTC").Str("modern").Var(3)
        .Var(0) // no password rules
        .UInt64(42) // nonce
        .ToArray();

    private static readonly byte[] EndOfStream = [5];

    [Test]
    public async Task ModernServer_GetsTheAddendum_AndSparseColumnsDecode()
    {
        await using var server = new FakeNativeServer(async client =>
        {
            Assert.That(await client.ReadHelloAsync(), Is.EqualTo(ProtocolRevision.Current));
            await client.SendAsync(ModernHello());
            Assert.That(await client.Reader.ReadStringAsync(), Is.Empty, "addendum: empty quota key");
            Assert.That(await client.ReadQueryAsync(ProtocolRevision.Current), Is.EqualTo("SELECT x"));
            var block = new WireBytes()
                .Var(1).Str("") // Data packet, table name
                .Hex("01 00 02 FF FF FF FF 00").Var(1).Var(6) // BlockInfo, 1 column, 6 rows
                .Str("x").Str("UInt32")
                .Byte(1).Byte(1) // has custom serialization: sparse
                .Var(1).Var(3).Var(1UL << 62) // 1 default before the first value, 3 before the second, none trailing
                .Hex("07000000 09000000") // the two non-default values
                .ToArray();
            var profileEvents = new WireBytes()
                .Var(14).Str("").Hex("01 00 02 FF FF FF FF 00").Var(2).Var(1)
                .Str("name").Str("String").Byte(0).Str("SelectedRows")
                .Str("value").Str("Int64").Byte(0).UInt64(6)
                .ToArray();
            await client.SendAsync(block);
            await client.SendAsync(profileEvents);
            await client.SendAsync(EndOfStream);
        });

        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        Assert.That(connection.ServerRevision, Is.EqualTo(ProtocolRevision.Current));
        await using var reader = await new ClickHouseCommand("SELECT x", connection).ExecuteReaderAsync();
        var values = new List<uint>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<uint>(0));
        }

        Assert.That(values, Is.EqualTo(new uint[] { 0, 7, 0, 0, 0, 9 }));
        Assert.That(reader.Summary.ProfileEvents["SelectedRows"], Is.EqualTo(6));
        await server.Conversation;
    }

    [Test]
    public async Task UnknownPacketCode_IsAProtocolErrorThatNamesIt_AndBreaksTheConnection()
    {
        await using var server = new FakeNativeServer(FakeScripts.Replay(54492, "25.8.3", [99, 1, 2, 3]));

        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await new ClickHouseCommand("SELECT 1", connection).ExecuteScalarAsync());
        Assert.That(ex!.InnerException, Is.TypeOf<ClickHouseProtocolException>());
        Assert.That(ex.InnerException!.Message, Does.Contain("99"));
        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Broken));
    }

    [Test]
    public async Task CorruptCompressedFrame_IsAProtocolError_NotAHang()
    {
        using var body = new ProtocolWriter();
        Ja4Data.Protocol.Compression.CompressedFrame.Write(Convert.FromHexString("010002FFFFFFFF000000"), Ja4Data.Protocol.Compression.CompressionMethod.Lz4, body);
        var frame = body.WrittenSpan.ToArray();
        frame[^1] ^= 0x40; // one flipped bit in the payload
        var reply = new WireBytes().Var(1).Str("").Bytes(frame).ToArray();
        await using var server = new FakeNativeServer(FakeScripts.Replay(54492, "25.8.3", reply));

        await using var connection = new ClickHouseConnection(server.Settings(ClickHouseCompression.Lz4));
        await connection.OpenAsync();
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await new ClickHouseCommand("SELECT 1", connection).ExecuteScalarAsync());
        Assert.That(ex!.InnerException, Is.TypeOf<ClickHouseProtocolException>());
        Assert.That(ex.InnerException!.Message, Does.Contain("hecksum").IgnoreCase);
    }

    [Test]
    public void HttpAnswer_SaysToUseTheNativePort()
    {
        var server = new FakeNativeServer(async client =>
        {
            await client.ReadHelloAsync();
            await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nConnection: Close\r\n\r\n"));
        });
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () =>
        {
            await using var connection = new ClickHouseConnection(server.Settings());
            await connection.OpenAsync();
        });
        Assert.That(ex!.Message, Does.Contain("HTTP").And.Contain("9000").And.Not.Contain("CLICKHOUSE_CONNECT_TIMEOUT"));
        Assert.DoesNotThrowAsync(async () => await server.DisposeAsync());
    }

    [Test]
    public async Task SilentPeer_TimesOutTheHandshake()
    {
        await using var server = new FakeNativeServer(FakeScripts.Silent);
        var settings = server.Settings() with { ConnectTimeout = TimeSpan.FromMilliseconds(300) };
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await ClickHouseConnector.OpenAsync(settings, async: true, default));
        Assert.That(ex!.Message, Does.Contain("CLICKHOUSE_CONNECT_TIMEOUT"));
        Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
    }
}
