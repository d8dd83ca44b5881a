using System.Diagnostics;
using System.Globalization;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// Connections broken on the wire by <see cref="FaultProxy"/> at the handshake, in the middle of a result and in the
/// middle of an insert: each gives the right exception and outcome, reads recover by retrying on a fresh connection,
/// inserts are repeated only when no data left, statements that change data are never sent twice, and a broken
/// connection is never used again.
/// </summary>
[TestFixture]
public sealed class ProxyFaultTests : PrivateServerFixture
{
    private const int ResultRows = 200_000; // 1.6 MB of UInt64 uncompressed: several blocks
    private const int InsertRows = 10_000;
    private const int InsertBlock = 1_000; // about 110 KB per block with the payload below
    private const int StatementRows = 1000;
    private static readonly string Payload = new('x', 100);

    private FaultProxy _proxy = null!;

    [SetUp]
    public void StartProxy() => _proxy = new FaultProxy(Server.TcpPort);

    [TearDown]
    public async Task StopProxy() => await _proxy.DisposeAsync();

    [Test]
    public async Task Handshake_ResetBeforeHello_IsRetriedOnAFreshConnection()
    {
        _proxy.FailNextConnections(new FaultProxyFault(FaultDirection.ClientToServer, 0, FaultKind.Reset));
        await using var client = new ClickHouseClient(Settings(_proxy.Port));

        var result = await client.QueryAsync("SELECT 42");

        Assert.Multiple(() =>
        {
            Assert.That(result.ResultRows[0][0], Is.EqualTo((byte)42));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public async Task Handshake_ResetWithoutRetries_IsANotExecutedConnectionError()
    {
        _proxy.FailNextConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.Reset));
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { RetryMaxAttempts = 0 });

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync("SELECT 1"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(client.Pool.Total, Is.Zero);
        });
    }

    [Test]
    public async Task Handshake_BlackHoled_FailsWithinConnectTimeoutAsNotExecuted()
    {
        _proxy.FailNextConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.BlackHole));
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { RetryMaxAttempts = 0, ConnectTimeout = TimeSpan.FromSeconds(1) });

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync("SELECT 1"))!;
        watch.Stop();
        await TestContext.Out.WriteLineAsync($"black-holed handshake failed after {watch.ElapsedMilliseconds} ms (ConnectTimeout 1 s)");

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(error.Message, Does.Contain("CLICKHOUSE_CONNECT_TIMEOUT"));
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)).And.LessThan(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public async Task MidResult_Reset_ReadIsRetriedAndReturnsTheWholeResult()
    {
        await using var client = new ClickHouseClient(Settings(_proxy.Port));
        await client.QueryAsync("SELECT 1"); // one pooled connection through the proxy
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 64 * 1024, FaultKind.Reset));

        var result = await client.QueryAsync($"SELECT number FROM system.numbers LIMIT {ResultRows}");

        Assert.Multiple(() =>
        {
            Assert.That(result.ResultRows, Has.Count.EqualTo(ResultRows));
            Assert.That(result.ResultRows[^1][0], Is.EqualTo((ulong)(ResultRows - 1)));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 2)), "one reset, one fresh connection for the retry");
            Assert.That(client.Pool.Total, Is.EqualTo(1), "the broken connection was closed, not kept");
        });
    }

    [Test]
    public async Task MidResult_ResetWithoutRetries_IsAnUnknownOutcomeAndTheConnectionIsNeverReused()
    {
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { RetryMaxAttempts = 0 });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 64 * 1024, FaultKind.Reset));

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync($"SELECT number FROM system.numbers LIMIT {ResultRows}"))!;
        var totalAfterFailure = client.Pool.Total;
        var next = await client.QueryAsync("SELECT 2");

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That(totalAfterFailure, Is.Zero);
            Assert.That(next.ResultRows[0][0], Is.EqualTo((byte)2));
            Assert.That(_proxy.Accepted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task MidResult_Truncated_IsATypedErrorNeverAPartialResult()
    {
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { RetryMaxAttempts = 0 });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 100_000, FaultKind.Truncate));

        Assert.That(
            async () => await client.QueryAsync($"SELECT number FROM system.numbers LIMIT {ResultRows}"),
            Throws.InstanceOf<ClickHouseConnectionException>().With.Property(nameof(ClickHouseException.Outcome)).EqualTo(ClickHouseOutcome.Unknown));
        Assert.That((_proxy.Fired, client.Pool.Total), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task MidResult_Delayed_ReturnsTheSameRows()
    {
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { RetryMaxAttempts = 0 });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 64 * 1024, FaultKind.Delay, TimeSpan.FromMilliseconds(300)));

        var watch = Stopwatch.StartNew();
        var result = await client.QueryAsync($"SELECT number FROM system.numbers LIMIT {ResultRows}");
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(result.ResultRows.Select(r => (ulong)r[0]!), Is.EqualTo(Enumerable.Range(0, ResultRows).Select(i => (ulong)i)));
            Assert.That(_proxy.Fired, Is.EqualTo(1));
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290)));
            Assert.That(_proxy.Accepted, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task MidResult_BlackHoled_CommandTimeoutEndsTheCallAndTheConnectionIsDiscarded()
    {
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { RetryMaxAttempts = 0, CommandTimeout = TimeSpan.FromSeconds(1) });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 64 * 1024, FaultKind.BlackHole));

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync($"SELECT number FROM system.numbers LIMIT {ResultRows}"))!;
        watch.Stop();
        await TestContext.Out.WriteLineAsync($"black-holed result ended after {watch.ElapsedMilliseconds} ms (CommandTimeout 1 s + Cancel grace)");

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(error.Message, Does.Contain("CLICKHOUSE_COMMAND_TIMEOUT"));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(2)));
            Assert.That(client.Pool.Total, Is.Zero);
        });
    }

    [Test]
    public async Task MidInsert_ResetAfterDataLeft_IsOutcomeUnknown_NotRetried_AndOnlyWholeBlocksAreStored()
    {
        var table = await CreateInsertTableAsync();
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { InsertBlockSize = InsertBlock });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ClientToServer, 150_000, FaultKind.Reset));

        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () => await client.InsertAsync(table, Rows(0)))!;
        var stored = await CountAsync(table);

        Assert.Multiple(() =>
        {
            Assert.That(error.BlocksSent, Is.GreaterThanOrEqualTo(1));
            Assert.That(error.RowsSent, Is.EqualTo(error.BlocksSent * (long)InsertBlock));
            Assert.That(error.Table, Is.EqualTo(table));
            Assert.That(error.InnerException, Is.InstanceOf<ClickHouseConnectionException>());
            Assert.That(_proxy.Accepted, Is.EqualTo(1), "an insert whose data left is never repeated without a token");
            Assert.That(stored % InsertBlock, Is.Zero, $"{stored} rows: a block is stored whole or not at all");
            Assert.That(stored, Is.LessThanOrEqualTo(InsertRows));
            Assert.That(client.Pool.Total, Is.Zero);
        });
    }

    [Test]
    public async Task MidInsert_ResetAfterDataLeft_DeduplicationRequestedOnAServerWithoutTokens_IsStillNeverRepeated()
    {
        var table = await CreateInsertTableAsync();
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { InsertBlockSize = InsertBlock }) { DeduplicateInserts = true };
        await client.InsertAsync(table, Rows(InsertRows)); // 18.16 takes no token: sending one would fail every insert
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ClientToServer, 150_000, FaultKind.Reset));

        Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () => await client.InsertAsync(table, Rows(0)));

        Assert.Multiple(async () =>
        {
            Assert.That(_proxy.Accepted, Is.EqualTo(1), "without a token the unknown outcome is not retried");
            Assert.That((await CountAsync(table, $"id >= {InsertRows}")), Is.EqualTo(InsertRows));
            Assert.That(await CountAsync(table, $"id < {InsertRows}") % InsertBlock, Is.Zero);
        });
    }

    [Test]
    public async Task MidInsert_ResetBeforeAnyDataBlock_IsRetriedAndStoredExactlyOnce()
    {
        var table = await CreateInsertTableAsync();
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { InsertBlockSize = InsertBlock });
        await client.QueryAsync("SELECT 1");
        // The first bytes the server sends now are the insert's header block: the client never gets to send data.
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.Reset));

        var written = await client.InsertAsync(table, Rows(0));

        Assert.Multiple(async () =>
        {
            Assert.That(written, Is.EqualTo(InsertRows));
            Assert.That(await CountAsync(table), Is.EqualTo(InsertRows));
            Assert.That(await HttpAsync($"SELECT uniqExact(id) FROM {table}"), Is.EqualTo($"{InsertRows}\n"));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public async Task MidInsert_BlackHoledAfterData_TimesOutAsOutcomeUnknown()
    {
        var table = await CreateInsertTableAsync();
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { InsertBlockSize = InsertBlock, CommandTimeout = TimeSpan.FromSeconds(1) });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ClientToServer, 150_000, FaultKind.BlackHole));

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () => await client.InsertAsync(table, Rows(0)))!;
        watch.Stop();
        var stored = await EventuallyStableCountAsync(table);

        Assert.Multiple(() =>
        {
            Assert.That(error.InnerException, Is.InstanceOf<ClickHouseConnectionException>().With.InnerException.InstanceOf<TimeoutException>());
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)));
            Assert.That(_proxy.Accepted, Is.EqualTo(1));
            Assert.That(stored % InsertBlock, Is.Zero);
        });
    }

    [Test]
    public async Task MidInsert_Delayed_StoresEveryRowOnce()
    {
        var table = await CreateInsertTableAsync();
        await using var client = new ClickHouseClient(Settings(_proxy.Port) with { InsertBlockSize = InsertBlock });
        await client.QueryAsync("SELECT 1");
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ClientToServer, 150_000, FaultKind.Delay, TimeSpan.FromMilliseconds(300)));

        var written = await client.InsertAsync(table, Rows(0));

        Assert.Multiple(async () =>
        {
            Assert.That((written, await CountAsync(table)), Is.EqualTo((InsertRows, (long)InsertRows)));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 1)));
        });
    }

    private async Task<string> CreateInsertTableAsync()
    {
        var table = TestSettings.UniqueTable("fault_insert");
        await HttpAsync($"CREATE TABLE {table} (id UInt64, payload String) ENGINE = MergeTree ORDER BY id");
        return table;
    }

    private static List<object?[]> Rows(int first)
        => Enumerable.Range(first, InsertRows).Select(i => new object?[] { (ulong)i, Payload }).ToList();

    // After a dropped insert the server may still be finishing it; wait until the count stops changing.
    private async Task<long> EventuallyStableCountAsync(string table)
    {
        var last = -1L;
        for (var i = 0; i < 20; i++)
        {
            var now = await CountAsync(table);
            if (now == last)
            {
                return now;
            }

            last = now;
            await Task.Delay(100);
        }

        return last;
    }

    // A statement that changes data, sent through the facade's Query or Command, whose connection dies once the server
    // has it: the call fails with an unknown outcome and is not sent again, although retries are on.
    [Test]
    public async Task Query_AlterUpdate_ConnectionResetAfterTheServerGotIt_RunsOnce()
    {
        var table = TestSettings.UniqueTable("once_mutation");
        await HttpAsync($"CREATE TABLE {table} (id UInt32, v UInt32) ENGINE = MergeTree ORDER BY id");
        await HttpAsync($"INSERT INTO {table} SELECT toUInt32(number), 0 FROM numbers({StatementRows})");
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
            Assert.That(await ScalarAsync($"SELECT sum(v) FROM {table}"), Is.EqualTo(StatementRows), "v = v + 1 applied once");
        });
    }

    [Test]
    public async Task Command_InsertSelect_ConnectionResetAfterTheServerGotIt_IsNotRepeated()
    {
        var table = TestSettings.UniqueTable("once_insert_select");
        await HttpAsync($"CREATE TABLE {table} (id UInt64) ENGINE = MergeTree ORDER BY id");
        await using var client = await ClientWithOneProxiedConnectionAsync();
        _proxy.FailOpenConnections(new FaultProxyFault(FaultDirection.ServerToClient, 0, FaultKind.Reset));

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.CommandAsync($"INSERT INTO {table} SELECT number FROM numbers({StatementRows})"))!;
        await Eventually.TrueAsync(async () => await ScalarAsync($"SELECT count() FROM {table}") == StatementRows, TimeSpan.FromSeconds(5));
        var stored = await ScalarAsync($"SELECT count() FROM {table}");
        await TestContext.Out.WriteLineAsync($"INSERT ... SELECT cut after the server got it: {stored} of {StatementRows} rows stored");

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
            Assert.That((_proxy.Fired, _proxy.Accepted), Is.EqualTo((1, 1)), "no second attempt");
            Assert.That(stored, Is.EqualTo(0).Or.EqualTo(StatementRows), "stored at most once, never twice");
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
