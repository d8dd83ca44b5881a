using System.ComponentModel.DataAnnotations.Schema;

namespace Ja4Data.IntegrationTests.Facade;

/// <summary>Typed records, streaming and columnar results of the facade against the live server.</summary>
[TestFixture]
public sealed class TypedRecordsLiveTests
{
    private const string Columns =
        "ts_ms UInt64, src_ip String, status UInt16, bytes Nullable(UInt32), method Enum8('GET' = 1, 'POST' = 2, 'DELETE' = 3), "
        + "seen DateTime, tags Array(String), flags Array(Nullable(UInt8)), host LowCardinality(String), agent LowCardinality(Nullable(String)), "
        + "request_id UUID, price Decimal(18, 4), "
        + "inserted_at DateTime DEFAULT toDateTime('2020-01-02 03:04:05'), note String DEFAULT 'none'";

    private static readonly DateTime Seen = new(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    private ClickHouseClient _client = null!;
    private string _table = null!;

    public enum HttpMethod
    {
        Get,
        Post,
        Delete,
    }

    [SetUp]
    public async Task SetUpAsync()
    {
        _client = new ClickHouseClient(TestSettings.Shared() with { InsertBlockSize = 1000 });
        _table = TestSettings.UniqueTable("typed");
        await using var connection = await _client.ConnectAsync();
        await Execute(connection, "SET allow_experimental_low_cardinality_type = 1");
        await Execute(connection, $"CREATE TABLE {_table} ({Columns}) ENGINE = MergeTree ORDER BY ts_ms");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {_table}");
        await _client.DisposeAsync();
    }

    [Test]
    public async Task InsertAsync_ThenQueryAsync_RoundTripsNullableArraysDatesEnumsLowCardinality_AndDefaultsFillTheRest()
    {
        var records = Enumerable.Range(0, 2500).Select(Record).ToList();

        Assert.That(await _client.InsertAsync(_table, records), Is.EqualTo(2500));

        var back = await _client.QueryAsync<Request>($"SELECT * FROM {_table} ORDER BY ts_ms");
        Assert.That(back.Select(Flatten), Is.EqualTo(records.Select(Flatten)));
        var defaults = await _client.QueryAsync<Defaults>($"SELECT DISTINCT inserted_at, note FROM {_table}");
        Assert.That(defaults, Is.EqualTo((Defaults[])[new Defaults(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), "none")]));
        Assert.That(_client.Query<Request>($"SELECT * FROM {_table} ORDER BY ts_ms LIMIT 3").Select(Flatten), Is.EqualTo(records.Take(3).Select(Flatten)), "the sync API");
    }

    [Test]
    public async Task QueryAsync_ClassesStructsColumnAttributeAndScalars()
    {
        await _client.InsertAsync(_table, Enumerable.Range(0, 3).Select(Record));

        var classes = await _client.QueryAsync<RequestClass>($"SELECT ts_ms, src_ip, status, 'ignored' AS extra FROM {_table} ORDER BY ts_ms");
        Assert.That(classes.Select(c => (c.TsMs, c.Address, c.Status, c.Untouched)), Is.EqualTo(new[] { (0UL, "10.0.0.0", 200L, "initial"), (1UL, "10.0.0.1", 201L, "initial"), (2UL, "10.0.0.2", 202L, "initial") }));
        var points = await _client.QueryAsync<Point>("SELECT number AS x, toInt8(-number) AS y FROM numbers(2)");
        Assert.That(points, Is.EqualTo(new[] { new Point(0, 0), new Point(1, -1) }));
        Assert.That(await _client.QueryAsync<ulong>($"SELECT count() FROM {_table}"), Is.EqualTo((ulong[])[3UL]));
        Assert.That(await _client.QueryAsync<HttpMethod?>($"SELECT CAST(NULL AS Nullable(Enum8('POST' = 2))) UNION ALL SELECT CAST('POST' AS Nullable(Enum8('POST' = 2)))"), Is.EquivalentTo(new HttpMethod?[] { null, HttpMethod.Post }));
    }

    [Test]
    public void QueryAsync_ValueThatDoesNotFitItsMember_FailsNamingRowColumnMemberAndTypes()
    {
        var ex = Assert.ThrowsAsync<ClickHouseMappingException>(() => _client.QueryAsync<Point>("SELECT toInt64(number) * 1000000000 AS x, 0 AS y FROM numbers(5)"));

        Assert.That(ex!.Message, Does.Contain("Row 3").And.Contain("column 'x' (Int64)").And.Contain("Point(X) (int)").And.Contain("3000000000"));
        var missing = Assert.ThrowsAsync<ClickHouseMappingException>(() => _client.QueryAsync<Point>("SELECT 1 AS x"));
        Assert.That(missing!.Message, Does.Contain("Point(Y) has no column in the result (columns: x)"));
        Assert.That(_client.Query("SELECT 1").FirstValue, Is.EqualTo((byte)1), "the client stays usable");
    }

    [Test]
    public async Task InsertAsync_MemberWithoutColumn_FailsBeforeSending()
    {
        var ex = Assert.ThrowsAsync<ClickHouseMappingException>(() => _client.InsertAsync(_table, new[] { new Unmappable(1, "x") }));

        Assert.That(ex!.Message, Does.Contain("Unmappable.Nickname has no column in").And.Contain("[NotMapped]"));
        Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task InsertAsync_BadValueInTheLastOf5000Rows_FailsNamingColumnRowAndMember_AndStoresNothing()
    {
        var records = Enumerable.Range(0, 5000).Select(i => i == 4999 ? Record(i) with { Status = 70_000 } : Record(i)).ToList();

        var ex = Assert.ThrowsAsync<ClickHouseDataException>(() => _client.InsertAsync(_table, records));

        Assert.That((ex!.Column, ex.RowIndex, ex.ExpectedType), Is.EqualTo(("status", 4999L, "UInt16")));
        Assert.That(ex.Message, Does.Contain("Request.Status").And.Contain("70000"));
        Assert.That(await CountAsync(), Is.Zero, "five blocks of 1000 rows were all checked before the first left");
        Assert.That(await _client.InsertAsync(_table, records.Take(10)), Is.EqualTo(10), "the connection is clean for the next insert");
    }

    [Test]
    public async Task InsertAsync_AsyncSequence_InsertsEveryRow()
    {
        Assert.That(await _client.InsertAsync(_table, Produce(1500)), Is.EqualTo(1500));
        Assert.That(await CountAsync(), Is.EqualTo(1500));

        static async IAsyncEnumerable<Request> Produce(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return Record(i);
            }
        }
    }

    [Test]
    public async Task Insert_PositionalRows_KeepTheirMeaning_WhicheverOverloadIsChosen()
    {
        string[] columns = ["ts_ms", "src_ip", "status", "method", "seen", "host", "request_id", "price"];
        object?[] Row(int i) => [(ulong)i, "ip", (ushort)200, "GET", Seen, "h", Guid.Empty, 1.5m];

        var written = new List<long>
        {
            await _client.InsertAsync(_table, new[] { Row(0) }, columns),
            await _client.InsertAsync(_table, new List<object?[]> { Row(1) }, columns),
            await _client.InsertAsync(_table, new IReadOnlyList<object?>[] { Row(2) }, columns),
            _client.Insert(_table, new[] { Row(3) }, columns),
            await ThroughTheInterface(_client, new List<object?[]> { Row(4) }),
            await ThroughTheInterface(_client, [Row(5), Row(6)]),
        };
        var table = await _client.QueryAsync($"SELECT * FROM {_table} LIMIT 0");
        object?[] Full(int i) => [(ulong)i, "ip", (ushort)200, null, "GET", Seen, Array.Empty<string>(), Array.Empty<byte?>(), "h", null, Guid.Empty, 1.5m, Seen, "n"];
        written.Add(await _client.InsertAsync(_table, new[] { Full(7) }));
        written.Add(await _client.InsertAsync(_table, new List<object?[]> { Full(8) }));
        written.Add(_client.Insert(_table, new IReadOnlyList<object?>[] { Full(9) }));
        written.Add(await _client.InsertAsync<object?[]>(_table, [Full(10)]));
        written.Add(_client.Insert<IReadOnlyList<object?>>(_table, [Full(11)]));

        Assert.That(table.ColumnNames, Has.Count.EqualTo(14));
        Assert.That(written, Is.EqualTo((long[])[1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1]));
        Assert.That(await _client.QueryAsync<ulong>($"SELECT ts_ms FROM {_table} ORDER BY ts_ms"), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (ulong)i)));

        Task<long> ThroughTheInterface(IClickHouseClient facade, List<object?[]> rows) => facade.InsertAsync(_table, rows, columns);
    }

    [Test]
    public async Task QueryStreamAsync_BreakingOut_CancelsTheQuery_AndTheConnectionServesTheNextCall()
    {
        await using var client = new ClickHouseClient(TestSettings.Shared() with { PoolMaxSize = 1, PoolAcquireTimeout = TimeSpan.FromSeconds(10) });
        var marker = Guid.NewGuid().ToString("N");
        var rows = 0;

        await foreach (var point in client.QueryStreamAsync<Point>($"SELECT number AS x, 0 AS y FROM system.numbers WHERE '{marker}' != '' SETTINGS max_block_size = 1000"))
        {
            Assert.That(point.X, Is.EqualTo(rows));
            if (++rows == 5000)
            {
                break;
            }
        }

        Assert.That(await Eventually.TrueAsync(async () => await RunningAsync(marker) == 0), Is.True, "the endless query was cancelled on the server");
        Assert.That((await client.QueryAsync("SELECT 42")).FirstValue, Is.EqualTo((byte)42), "the pool's only connection came back usable");
        Assert.That(client.Pool.Idle, Is.EqualTo(1));
    }

    [Test]
    public async Task QueryStreamAsync_CancelledToken_CancelsTheQuery_AndTheConnectionServesTheNextCall()
    {
        await using var client = new ClickHouseClient(TestSettings.Shared() with { PoolMaxSize = 1, PoolAcquireTimeout = TimeSpan.FromSeconds(10) });
        var marker = Guid.NewGuid().ToString("N");
        using var cancel = new CancellationTokenSource();
        var rows = 0L;

        var ex = Assert.CatchAsync(async () =>
        {
            await foreach (var row in client.QueryStreamAsync($"SELECT number, '{marker}' FROM system.numbers SETTINGS max_block_size = 1000", cancellationToken: cancel.Token))
            {
                Assert.That(row, Has.Length.EqualTo(2));
                if (++rows == 3000)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.That(ex, Is.InstanceOf<OperationCanceledException>(), ex?.ToString());
        Assert.That(rows, Is.LessThan(5000), "rows of the block in hand at most, then the cancellation");
        Assert.That(await Eventually.TrueAsync(async () => await RunningAsync(marker) == 0), Is.True, "the endless query was cancelled on the server");
        Assert.That((await client.QueryAsync<byte>("SELECT 42")).Single(), Is.EqualTo(42));
    }

    [Test]
    public async Task QueryStreamAsync_ReadsEveryRowOfEveryBlock()
    {
        var sum = 0UL;
        var count = 0;
        await foreach (var value in _client.QueryStreamAsync<ulong>("SELECT number FROM numbers(100000) SETTINGS max_block_size = 7777"))
        {
            sum += value;
            count++;
        }

        var positional = new List<object?[]>();
        await foreach (var row in _client.QueryStreamAsync("SELECT number, toString(number) FROM numbers(3)"))
        {
            positional.Add(row);
        }

        Assert.That((count, sum), Is.EqualTo((100_000, 4_999_950_000UL)));
        Assert.That(positional, Is.EqualTo(new[] { new object?[] { 0UL, "0" }, new object?[] { 1UL, "1" }, new object?[] { 2UL, "2" } }));
    }

    [Test]
    public void Query_HoldsTheResultByColumn_AllocatingAboutItsNativeSize()
    {
        const int rows = 200_000;
        var sql = $"SELECT number AS id, concat('ja4_t13d1516h2_', toString(number % 1000)) AS ja4, toUInt16(number % 600) AS status FROM numbers({rows})";
        _client.Query(sql); // warm up: JIT, pool, buffers
        var nativeBytes = (long)rows * (8 + 2) + (long)(ulong)_client.Query<ulong>($"SELECT sum(length(ja4) + 1) FROM ({sql})").Single();

        var heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = _client.Query(sql);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;

        TestContext.Out.WriteLine($"Query of {rows} rows ({nativeBytes / 1e6:0.0} MB Native): {held / 1e6:0.0} MB held by the result, {allocated / 1e6:0.0} MB allocated");
        // The sync API runs on this thread. An object per value would hold ~100 bytes per row more (20 MB here).
        Assert.That(held, Is.LessThan(2 * nativeBytes));
        Assert.That(allocated, Is.LessThan(3 * nativeBytes));
        Assert.That(result.ResultRows, Has.Count.EqualTo(rows));
        Assert.That(result.ResultRows[123_456], Is.EqualTo(new object?[] { 123_456UL, "ja4_t13d1516h2_456", (ushort)456 }));
        Assert.That(result.ResultRows[rows - 1], Is.EqualTo(new object?[] { 199_999UL, "ja4_t13d1516h2_999", (ushort)(199_999 % 600) }));
    }

    private static Request Record(int i) => new(
        (ulong)i,
        $"10.0.0.{i % 256}",
        200 + (i % 300),
        i % 7 == 0 ? null : i * 10L,
        (HttpMethod)(i % 3),
        Seen.AddSeconds(i),
        i % 5 == 0 ? [] : [$"t{i % 3}", "x"],
        i % 4 == 0 ? [] : [1, null, (byte)(i % 256)],
        $"host{i % 10}",
        i % 6 == 0 ? null : $"agent{i % 4}",
        new Guid(i, 1, 2, [3, 4, 5, 6, 7, 8, 9, 10]),
        i / 16m);

    private static string Flatten(Request r) => string.Join(
        "|", r.TsMs, r.SrcIp, r.Status, r.Bytes, r.Method, r.Seen.ToString("O"), string.Join(",", r.Tags), string.Join(",", r.Flags), r.Host, r.Agent, r.RequestId, r.Price.ToString("G29", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task Execute(ClickHouseConnection connection, string sql)
    {
        await using var command = new ClickHouseCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ulong> CountAsync() => (await _client.QueryAsync<ulong>($"SELECT count() FROM {_table}")).Single();

    private static async Task<long> RunningAsync(string marker)
        => long.Parse(
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"SELECT count() FROM system.processes WHERE query LIKE '%{marker}%' AND query NOT LIKE '%system.processes%'"),
            System.Globalization.CultureInfo.InvariantCulture);

    public sealed record Request(
        ulong TsMs, string SrcIp, int Status, long? Bytes, HttpMethod Method, DateTime Seen, string[] Tags, List<byte?> Flags, string Host, string? Agent, Guid RequestId, decimal Price);

    public sealed record Defaults(DateTime InsertedAt, string Note);

    public sealed record Unmappable(ulong TsMs, string Nickname);

    public readonly record struct Point(int X, long Y);

    public sealed class RequestClass
    {
        public ulong TsMs { get; set; }

        [Column("src_ip")]
        public string Address { get; set; } = string.Empty;

        public long Status { get; init; }

        public string Untouched { get; set; } = "initial";
    }
}
