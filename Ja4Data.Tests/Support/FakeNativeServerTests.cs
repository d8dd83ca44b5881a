using Ja4Data.Protocol;

namespace Ja4Data.Tests.Support;

/// <summary>
/// The shared fake server speaks each revision the client may negotiate: its Hello and its reading of the client's
/// Query packet follow the revision gates, so replayed server bytes reach the client as a real server's would.
/// </summary>
[TestFixture]
public sealed class FakeNativeServerTests
{
    [TestCase(ProtocolRevision.Oldest, "18.16.1")]
    [TestCase(ProtocolRevision.WithSettingsSerializedAsStrings, "19.11.3")]
    [TestCase(ProtocolRevision.WithAddendum, "22.8.1")]
    [TestCase(ProtocolRevision.Current, "24.3.1")]
    [TestCase(54492, "25.8.3")]
    public async Task Replay_AtEachRevision_TheClientReadsTheReplayedResult(int serverRevision, string version)
    {
        var negotiated = Math.Min(serverRevision, ProtocolRevision.Current);
        var block = new WireBytes()
            .Var((ulong)ServerPacketType.Data).Str("")
            .Hex("01 00 02 FF FF FF FF 00").Var(1).Var(1) // BlockInfo, 1 column, 1 row
            .Str("x").Str("UInt8");
        if (negotiated >= ProtocolRevision.WithCustomSerialization)
        {
            block.Byte(0); // no custom serialization
        }

        var reply = block.Byte(42).Var((ulong)ServerPacketType.EndOfStream).ToArray();
        await using var server = new FakeNativeServer(FakeScripts.Replay(serverRevision, version, reply));
        await using var connection = new ClickHouseConnection(server.Settings() with { CommandTimeout = TimeSpan.FromSeconds(5) });
        await connection.OpenAsync();

        var value = await new ClickHouseCommand("SELECT 42", connection).ExecuteScalarAsync();

        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo((byte)42));
            Assert.That((connection.ServerRevision, connection.ServerVersion), Is.EqualTo((negotiated, version)));
        });
    }

    [Test]
    public async Task AfterHello_AReplayedServerHello_IsWhatTheClientNegotiates()
    {
        var hello = FakeConnection.HelloBytes(ProtocolRevision.WithParameters, ProtocolRevision.Current, "23.3.2", "Asia/Tokyo");
        await using var server = new FakeNativeServer(FakeScripts.AfterHello(hello));
        await using var connection = new ClickHouseConnection(server.Settings());

        await connection.OpenAsync();

        Assert.That(
            (connection.ServerRevision, connection.ServerVersion, connection.ServerTimezone),
            Is.EqualTo((ProtocolRevision.WithParameters, "23.3.2", "Asia/Tokyo")));
    }

    [Test]
    public async Task CloseAfterHello_TheClientSeesTheStreamEnd()
    {
        await using var server = new FakeNativeServer(async client =>
        {
            await client.ReadHelloAsync();
            client.Close();
        });

        var ex = Assert.CatchAsync<ClickHouseException>(async () => await OpenAsync(server));

        Assert.That(ex!.Message, Does.Contain("closed the stream"));
    }

    [Test]
    public async Task ResetAfterHello_IsANotExecutedConnectionError()
    {
        await using var server = new FakeNativeServer(async client =>
        {
            await client.ReadHelloAsync();
            client.Close(reset: true);
        });

        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await OpenAsync(server));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(server.Accepted, Is.EqualTo(1), "no retries");
        });
    }

    private static async Task OpenAsync(FakeNativeServer server)
    {
        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
    }
}
