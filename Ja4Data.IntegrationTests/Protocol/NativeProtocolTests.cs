using System.Data;
using System.Diagnostics;

namespace Ja4Data.IntegrationTests.Protocol;

[TestFixture]
public sealed class NativeProtocolTests
{
    [Test]
    public async Task Open_NegotiatesRevisionAndReportsVersion()
    {
        await using var connection = await TestSettings.OpenAsync();
        var version = (string?)await new ClickHouseCommand("SELECT version()", connection).ExecuteScalarAsync();
        Assert.That(connection.ServerVersion, Does.StartWith(version!.Split('.')[0] + "."));
        Assert.That(connection.ServerRevision, Is.LessThanOrEqualTo(Ja4Data.Protocol.ProtocolRevision.Current).And.GreaterThanOrEqualTo(54412));
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
    }

    [TestCase(ClickHouseCompression.None)]
    [TestCase(ClickHouseCompression.Lz4)]
    [TestCase(ClickHouseCompression.Zstd)]
    public async Task Select_MillionRows_StreamsBlockByBlock(ClickHouseCompression compression)
    {
        await using var connection = await TestSettings.OpenAsync(TestSettings.Shared(compression));
        await using var command = new ClickHouseCommand("SELECT number, toString(number) AS s FROM system.numbers LIMIT 1000000", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long count = 0, sum = 0;
        var textOk = true;
        while (await reader.ReadAsync())
        {
            var n = reader.GetFieldValue<ulong>(0);
            sum += (long)n;
            textOk &= reader.GetString(1) == n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            count++;
        }

        Assert.That((count, sum, textOk), Is.EqualTo((1_000_000L, 499_999_500_000L, true)));
        Assert.That(reader.Summary.ReadRows, Is.GreaterThanOrEqualTo(1_000_000));
    }

    [Test]
    public async Task Select_ReaderMemoryIsBoundedByBlockNotResult()
    {
        await using var connection = await TestSettings.OpenAsync();
        await using var command = new ClickHouseCommand("SELECT concat(toString(number), 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') FROM system.numbers LIMIT 2000000", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long peak = 0, rows = 0;
        while (await reader.ReadAsync())
        {
            if (++rows % 200_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
            }
        }

        // ~200 MB of text went through; the reader never held more than a few blocks of it.
        Assert.That(rows, Is.EqualTo(2_000_000));
        Assert.That(peak, Is.LessThan(150L << 20));
    }

    [Test]
    public async Task Insert_RoundTripsRowsThroughTheServer()
    {
        var table = TestSettings.UniqueTable("rt");
        await using var connection = await TestSettings.OpenAsync();
        await new ClickHouseCommand($"CREATE TABLE {table} (id UInt32, name String, score Nullable(Float64), tags Array(String)) ENGINE = Memory", connection).ExecuteNonQueryAsync();
        var rows = Enumerable.Range(0, 10_000).Select(i => (IReadOnlyList<object?>)[i, $"name-{i}", i % 3 == 0 ? null : i * 0.5, new[] { "a", i.ToString(System.Globalization.CultureInfo.InvariantCulture) }]).ToList();
        var written = await connection.InsertAsync(table, rows);
        Assert.That(written, Is.EqualTo(10_000));

        await using var reader = await new ClickHouseCommand($"SELECT id, name, score, tags FROM {table} ORDER BY id", connection).ExecuteReaderAsync();
        var i = 0;
        while (await reader.ReadAsync())
        {
            Assert.That(reader.GetFieldValue<uint>(0), Is.EqualTo((uint)i));
            Assert.That(reader.GetString(1), Is.EqualTo($"name-{i}"));
            Assert.That(reader.IsDBNull(2), Is.EqualTo(i % 3 == 0));
            Assert.That(reader.GetFieldValue<string[]>(3), Is.EqualTo(new[] { "a", i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            i++;
        }

        Assert.That(i, Is.EqualTo(10_000));
        await new ClickHouseCommand($"DROP TABLE {table}", connection).ExecuteNonQueryAsync();
    }

    [TestCase("SELECT * FROM no_such_table_ja4", 60)]
    [TestCase("SELECT throwIf(1)", 395)]
    public async Task ServerErrors_CarryTheirClickHouseCode_AndLeaveTheConnectionUsable(string sql, int code)
    {
        await using var connection = await TestSettings.OpenAsync();
        var ex = Assert.ThrowsAsync<ClickHouseServerException>(async () => await new ClickHouseCommand(sql, connection).ExecuteNonQueryAsync());
        Assert.That(ex!.ErrorCode, Is.EqualTo(code));
        Assert.That(ex.ExceptionName, Is.Not.Empty);
        Assert.That(await new ClickHouseCommand("SELECT 42", connection).ExecuteScalarAsync(), Is.EqualTo((byte)42));
    }

    [Test]
    public async Task SyntaxError_IsReported_AndNoOutOfStepConnectionIsEverReused()
    {
        // 18.x servers fail to parse before reading the client's external-tables block and then close the
        // connection; newer ones skip the block. Either way the caller sees the syntax error, and the pool must never
        // hand out a connection whose stream position is unknown.
        var settings = TestSettings.Shared() with { PoolMaxSize = 1 };
        for (var i = 0; i < 3; i++)
        {
            await using (var connection = await TestSettings.OpenAsync(settings))
            {
                var ex = Assert.ThrowsAsync<ClickHouseServerException>(async () => await new ClickHouseCommand("SELEKT 1", connection).ExecuteNonQueryAsync());
                Assert.That(ex!.ErrorCode, Is.EqualTo(62));
            }

            await using var next = await TestSettings.OpenAsync(settings);
            Assert.That(await new ClickHouseCommand("SELECT 42", next).ExecuteScalarAsync(), Is.EqualTo((byte)42));
        }
    }

    [Test]
    public async Task Cancellation_SendsCancel_ServerStopsTheQuery_AndTheConnectionStaysClean()
    {
        await using var connection = await TestSettings.OpenAsync();
        var queryId = Guid.NewGuid().ToString();
        await using var command = new ClickHouseCommand("SELECT count() FROM system.numbers WHERE NOT ignore(sipHash64(number))", connection) { QueryId = queryId };
        using var cts = new CancellationTokenSource();
        var running = command.ExecuteScalarAsync(cts.Token);
        await using (var observer = await TestSettings.OpenAsync())
        {
            Assert.That(await WaitForProcessAsync(observer, queryId, present: true), Is.True, "the query never showed up in system.processes");
            var stopwatch = Stopwatch.StartNew();
            await cts.CancelAsync();
            Assert.That(async () => await running, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
            Assert.That(await WaitForProcessAsync(observer, queryId, present: false), Is.True, "the server kept running the cancelled query");
        }

        Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
        Assert.That(await new ClickHouseCommand("SELECT 7", connection).ExecuteScalarAsync(), Is.EqualTo((byte)7));
    }

    private static async Task<bool> WaitForProcessAsync(ClickHouseConnection observer, string queryId, bool present)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var check = new ClickHouseCommand("SELECT count() FROM system.processes WHERE query_id = {id:String}", observer);
            check.Parameters.AddWithValue("id", queryId);
            var count = Convert.ToInt64(await check.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if ((count > 0) == present)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Test]
    public async Task CommandTimeout_CancelsTheQuery_WithATimeoutError()
    {
        await using var connection = await TestSettings.OpenAsync();
        await using var command = new ClickHouseCommand("SELECT count() FROM system.numbers WHERE NOT ignore(sipHash64(number))", connection) { CommandTimeout = 1 };
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await command.ExecuteScalarAsync());
        Assert.That(ex!.Message, Does.Contain("CommandTimeout"));
        Assert.That(ex.InnerException, Is.TypeOf<TimeoutException>());
    }

    [Test]
    public void HttpPort_GivesAnErrorNamingTheNativePort()
    {
        var http = TestServer.Endpoint.HttpPort ?? throw new AssertionException("the test server has no known HTTP port");
        var settings = TestSettings.Shared() with { Port = http };
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await TestSettings.OpenAsync(settings));
        Assert.That(ex!.Message, Does.Contain("HTTP").And.Contain("9000"));
    }

    [Test]
    public void ClosedPort_IsAConnectionErrorThatNamesTheEndpoint()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var ex = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await TestSettings.OpenAsync(TestSettings.Shared() with { Port = port }));
        Assert.That(ex!.Message, Does.Contain($"127.0.0.1:{port}").Or.Contain($"localhost:{port}"));
        Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
    }

    [Test]
    public void WrongPassword_IsAnAuthenticationErrorWithoutThePassword()
    {
        var endpoint = TestServer.PasswordEndpoint ?? TestServer.Endpoint;
        var settings = EndpointSettings.For(endpoint) with { Password = "Wr0ng;P@ss'\"\\" };
        var ex = Assert.ThrowsAsync<ClickHouseServerException>(async () => await TestSettings.OpenAsync(settings));
        Assert.That(ex!.ErrorCode, Is.AnyOf(193, 516));
        Assert.That(ex.ToString(), Does.Not.Contain("Wr0ng"));
    }

    [Test]
    public async Task PasswordUser_Connects()
    {
        var endpoint = TestServer.PasswordEndpoint ?? throw new AssertionException("the shared server has no password user");
        await using var connection = await TestSettings.OpenAsync(EndpointSettings.For(endpoint));
        await using var command = new ClickHouseCommand("SELECT count() FROM system.processes WHERE user = {u:String}", connection);
        command.Parameters.AddWithValue("u", endpoint.User);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(1UL), "the query itself runs as the password user");
    }

    [Test]
    public async Task ManySequentialQueries_OnOneConnection()
    {
        await using var connection = await TestSettings.OpenAsync();
        for (var i = 0; i < 2000; i++)
        {
            await using var command = new ClickHouseCommand("SELECT {i:UInt32} + 1", connection);
            command.Parameters.AddWithValue("i", i);
            Assert.That(Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(i + 1));
        }
    }

    [Test]
    public void SyncApi_UsesTheSameCorePath()
    {
        using var connection = new ClickHouseConnection(TestSettings.Shared());
        connection.Open();
        using var command = new ClickHouseCommand("SELECT sum(number) FROM numbers(1000)", connection);
        Assert.That(command.ExecuteScalar(), Is.EqualTo(499500UL));
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetFieldValue<ulong>(0), Is.EqualTo(499500UL));
        Assert.That(reader.Read(), Is.False);
    }

    [Test]
    public async Task ReaderDisposedEarly_CancelsAndDrains_ConnectionReusable()
    {
        await using var connection = await TestSettings.OpenAsync();
        await using (var reader = await new ClickHouseCommand("SELECT number FROM system.numbers LIMIT 50000000", connection).ExecuteReaderAsync())
        {
            Assert.That(await reader.ReadAsync(), Is.True);
        }

        Assert.That(await new ClickHouseCommand("SELECT 1", connection).ExecuteScalarAsync(), Is.EqualTo((byte)1));
    }

    [Test]
    public async Task Progress_IsReportedForLongQueries()
    {
        await using var connection = await TestSettings.OpenAsync();
        var reports = 0;
        QuerySummary? last = null;
        await using var command = new ClickHouseCommand("SELECT count() FROM numbers(30000000) WHERE NOT ignore(sipHash64(number))", connection)
        {
            Progress = s =>
            {
                reports++;
                last = s;
            },
        };
        await command.ExecuteScalarAsync();
        Assert.That(reports, Is.GreaterThan(0));
        Assert.That(last!.ReadRows, Is.GreaterThan(0));
        Assert.That(command.LastSummary!.ReadRows, Is.GreaterThanOrEqualTo(30_000_000)); // whole 65536-row blocks are read
    }
}
