using System.Globalization;
using Ja4Data.TestSupport;
using NUnit.Framework;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// A statement that changes data, sent through the facade's Query or Command, whose connection dies once the server
/// has it: the call fails with an unknown outcome and the facade does not send it again, although retries are on. The
/// server's own tables show it ran once.
/// </summary>
[TestFixture]
public sealed class StatementOnceFaultTests : PrivateServerFixture
{
    private const int Rows = 1000;

    private FaultProxy _proxy = null!;

    [SetUp]
    public void StartProxy() => _proxy = new FaultProxy(Server.TcpPort);

    [TearDown]
    public async Task StopProxy() => await _proxy.DisposeAsync();

    [Test]
    public async Task Query_AlterUpdate_ConnectionResetAfterTheServerGotIt_RunsOnce()
    {
        var table = TestSettings.UniqueTable("once_mutation");
        await HttpAsync($"CREATE TABLE {table} (id UInt32, v UInt32) ENGINE = MergeTree ORDER BY id");
        await HttpAsync($"INSERT INTO {table} SELECT toUInt32(number), 0 FROM numbers({Rows})");
        await using var client = await ClientWithOneProxiedConnectionAsync();
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.Reset)); // the first byte of the answer

        // Not idempotent: run twice it would add 2.
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync($"ALTER TABLE {table} UPDATE v = v + 1 WHERE 1"))!;
        var done = await Eventually.TrueAsync(async () => await ScalarAsync($"SELECT count() FROM system.mutations WHERE table = '{table}' AND is_done = 1") >= 1, TimeSpan.FromSeconds(30));

        Assert.Multiple(async () =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 1)), "no second attempt");
            Assert.That(done, Is.True, "the mutation the server received finished");
            Assert.That(await ScalarAsync($"SELECT count() FROM system.mutations WHERE table = '{table}'"), Is.EqualTo(1));
            Assert.That(await ScalarAsync($"SELECT sum(v) FROM {table}"), Is.EqualTo(Rows), "v = v + 1 applied once");
        });
    }

    [Test]
    public async Task Command_InsertSelect_ConnectionResetAfterTheServerGotIt_IsNotRepeated()
    {
        var table = TestSettings.UniqueTable("once_insert_select");
        await HttpAsync($"CREATE TABLE {table} (id UInt64) ENGINE = MergeTree ORDER BY id");
        await using var client = await ClientWithOneProxiedConnectionAsync();
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.Reset));

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.CommandAsync($"INSERT INTO {table} SELECT number FROM numbers({Rows})"))!;
        await Eventually.TrueAsync(async () => await ScalarAsync($"SELECT count() FROM {table}") == Rows, TimeSpan.FromSeconds(5));
        var stored = await ScalarAsync($"SELECT count() FROM {table}");
        await TestContext.Out.WriteLineAsync($"INSERT ... SELECT cut after the server got it: {stored} of {Rows} rows stored");

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 1)), "no second attempt");
            Assert.That(stored, Is.EqualTo(0).Or.EqualTo(Rows), "stored at most once, never twice");
        });
    }

    [Test]
    public async Task Query_Select_SameFault_IsRepeatedAndAnswers()
    {
        await using var client = await ClientWithOneProxiedConnectionAsync();
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.Reset));

        var result = await client.QueryAsync("SELECT 5");

        Assert.Multiple(() =>
        {
            Assert.That(result.ResultRows[0][0], Is.EqualTo((byte)5));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 2)), "a read is repeated on a fresh connection");
        });
    }

    private async Task<ClickHouseClient> ClientWithOneProxiedConnectionAsync()
    {
        var client = new ClickHouseClient(Settings(_proxy.Port));
        await client.QueryAsync("SELECT 1"); // one pooled connection through the proxy, for the fault to sit on
        return client;
    }

    private async Task<long> ScalarAsync(string sql) => long.Parse((await HttpAsync(sql)).Trim(), CultureInfo.InvariantCulture);
}
