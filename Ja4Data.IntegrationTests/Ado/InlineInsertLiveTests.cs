using System.Data;
using System.Globalization;
using System.Text;
using Ja4Data.Sql;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>
/// INSERT statements that carry their rows in the SQL (VALUES, FORMAT TSV/CSV/JSONEachRow), on the 18.16 test server,
/// which ignores such data on the native protocol: Ja4Data reads it and sends it as blocks.
/// </summary>
[TestFixture]
public sealed class InlineInsertLiveTests
{
    /// <summary>Every kind of column an 18.16 server has that a literal can fill.</summary>
    public const string Columns =
        "id UInt32, i8 Int8, i64 Int64, u64 UInt64, f32 Float32, f64 Float64, d92 Decimal(9, 2), d184 Decimal(18, 4), "
        + "s String, fs FixedString(4), d Date, dt DateTime, dtu DateTime('UTC'), e8 Enum8('a' = 1, 'b' = -2), e16 Enum16('x' = 1000), "
        + "u UUID, n Nullable(Int32), ns Nullable(String), arr Array(String), arr2 Array(Array(UInt8)), tup Tuple(UInt8, String), "
        + "an Array(Nullable(Float64))";

    private string _table = null!;

    [SetUp]
    public async Task CreateTableAsync()
    {
        _table = TestSettings.UniqueTable("inline");
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {_table} ({Columns}) ENGINE = Memory");
    }

    [TearDown]
    public Task DropTableAsync() => ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {_table}");

    private static async Task<string> ScalarAsync(string sql) => (await ClickHouseHttp.QueryAsync(TestServer.Endpoint, sql)).TrimEnd('\n');

    private static async Task<int> ExecuteAsync(ClickHouseConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of the result of <paramref name="sql"/>, NULL as null.</summary>
    internal static async Task<List<object?[]>> ReadAsync(ClickHouseConnection connection, string sql)
    {
        var rows = new List<object?[]>();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    [Test]
    public async Task Values_EveryLiteralKind_ReadsBackEqual()
    {
        await using var connection = await TestSettings.OpenAsync();
        var sql = $"""
            INSERT INTO {_table} VALUES
            (1, -128, -9223372036854775808, 18446744073709551615, 1.5, -2.5e-3, 1.25, '-12.3456',
             'a\\b\'c''d\n\t\0\x41\xCE\xB1é😀', 'ab', '2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05Z', 'b', 'x',
             '61f0c404-5cb3-11e7-907b-a6006ad3dba0', NULL, 'not null', ['x', '', 'y''z'], [[1, 2], []], (7, 'tup'), [1.5, NULL, -inf]),
            (2, 0x7f, 0b101, 1_000, inf, nan, -0.5, 0, $$here'doc$$, x'41424344', 19000, 1700000000, 0, 1, 1000,
             '61f0c4045cb311e7907ba6006ad3dba0', -5, NULL, [], [[255]], (0, ''), []);
            """;
        Assert.That(await ExecuteAsync(connection, sql), Is.EqualTo(2));

        var rows = await ReadAsync(connection, $"SELECT * FROM {_table} ORDER BY id");
        Assert.That(rows, Has.Count.EqualTo(2));
        var uuid = Guid.Parse("61f0c404-5cb3-11e7-907b-a6006ad3dba0");
        Assert.That(rows[0], Is.EqualTo(new object?[]
        {
            1u, (sbyte)-128, long.MinValue, ulong.MaxValue, 1.5f, -0.0025, 1.25m, -12.3456m,
            "a\\b'c'd\n\t\0Aαé😀", "ab\0\0"u8.ToArray(), new DateOnly(2024, 1, 2), new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), "b", "x", uuid, null, "not null", new[] { "x", string.Empty, "y'z" },
            new[] { new byte[] { 1, 2 }, Array.Empty<byte>() }, new object[] { (byte)7, "tup" }, new double?[] { 1.5, null, double.NegativeInfinity },
        }).AsCollection);
        Assert.That(rows[1][1..8], Is.EqualTo(new object?[] { (sbyte)127, 5L, 1000UL, float.PositiveInfinity, double.NaN, -0.5m, 0m }).AsCollection);
        Assert.That(rows[1][8..16], Is.EqualTo(new object?[]
        {
            "here'doc", "ABCD"u8.ToArray(), new DateOnly(2022, 1, 8), new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), DateTime.UnixEpoch, "a", "x", uuid,
        }).AsCollection);
    }

    [Test]
    public async Task Values_ExpressionRows_AreEvaluatedByTheServer()
    {
        await using var connection = await TestSettings.OpenAsync();
        var sql = $"INSERT INTO {_table} (id, d, dt, i64, s, arr) VALUES "
            + "(1, toDate('2024-01-01') + 1, now(), 1 + 2, concat('a', toString(40 + 2)), splitByChar(',', 'p,q')), "
            + "(2, today(), toDateTime('2024-01-01 00:00:00') + 60, -toInt64(7), upper('x'), arrayMap(x -> toString(x), [1, 2]))";
        Assert.That(await ExecuteAsync(connection, sql), Is.EqualTo(2));
        Assert.That(
            await ScalarAsync($"SELECT id, d, i64, s, arr, dt > toDateTime('2020-01-01 00:00:00'), d = today() OR id = 1 FROM {_table} ORDER BY id FORMAT TSV"),
            Is.EqualTo($"1\t2024-01-02\t3\ta42\t['p','q']\t1\t1\n2\t{await ScalarAsync("SELECT today()")}\t-7\tX\t['1','2']\t1\t1"));
        Assert.That(await ScalarAsync($"SELECT toString(dt) FROM {_table} WHERE id = 2"), Is.EqualTo("2024-01-01 00:01:00"));
    }

    [Test]
    public async Task Values_MixedLiteralAndExpressionRows_KeepTheirOrder_AsOneInsert()
    {
        await using var connection = await TestSettings.OpenAsync();
        var rows = Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? $"({i}, 'lit{i}', {i})" : $"({i}, concat('expr', toString({i})), {i} * 2)");
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id, s, i64) VALUES {string.Join(", ", rows)}"), Is.EqualTo(40));

        // A Memory table keeps one insert's rows in the order they came.
        var expected = string.Join("\n", Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? $"{i}\tlit{i}\t{i}" : $"{i}\texpr{i}\t{i * 2}"));
        Assert.That(await ScalarAsync($"SELECT id, s, i64 FROM {_table}"), Is.EqualTo(expected));
    }

    [Test]
    public async Task Values_TenThousandRows_GoInSeveralBlocks()
    {
        var table = TestSettings.UniqueTable("inline_blocks");
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {table} (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
        try
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"SYSTEM STOP MERGES {table}");
            await using var connection = await TestSettings.OpenAsync(TestSettings.Shared() with { InsertBlockSize = 1_000 });
            var sql = new StringBuilder($"INSERT INTO {table} VALUES ");
            for (var i = 0; i < 10_000; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"({i}, 'row {i}')");
            }

            var command = connection.CreateCommand();
            command.CommandText = sql.ToString();

            // The server squashes an insert's small blocks into one part unless told not to: then each block is a part.
            command.QuerySettings["min_insert_block_size_rows"] = 0;
            command.QuerySettings["min_insert_block_size_bytes"] = 0;
            Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(10_000));
            Assert.That(await ScalarAsync($"SELECT count(), sum(id), countIf(s = concat('row ', toString(id))) FROM {table}"), Is.EqualTo("10000\t49995000\t10000"));
            Assert.That(await ScalarAsync($"SELECT count() FROM system.parts WHERE active AND database = currentDatabase() AND table = '{table}'"), Is.EqualTo("10"), "one part per block of 1000 rows");
        }
        finally
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {table}");
        }
    }

    private static readonly string[] Hostile =
    [
        "'); DROP TABLE x; --", "\\", "\\'", "''", "\"", "`", "{p:String}", "{id:UInt32}", "$$", "/* */", "-- c", "\n\r\t\0\b\f",
        "é😀\u2028", "\x01\x7F", "a\\nb", "line\\", "@p", "?",
    ];

    [Test]
    public async Task HostileStrings_InLiteralsAndInParameters_StayData()
    {
        await using var connection = await TestSettings.OpenAsync();
        var literals = string.Join(", ", Hostile.Select((h, i) => $"({i}, {ClickHouseLiteral.Quote(h)})"));
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id, s) VALUES {literals}"), Is.EqualTo(Hostile.Length));
        for (var i = 0; i < Hostile.Length; i++)
        {
            Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id, s, ns) VALUES ({{id:UInt32}}, {{p:String}}, '{{p:String}}')", ("id", 100 + i), ("p", Hostile[i])), Is.EqualTo(1));
        }

        var stored = await ReadAsync(connection, $"SELECT id, s, ns FROM {_table} ORDER BY id");
        Assert.That(stored.Select(r => r[1]), Is.EqualTo(Hostile.Concat(Hostile)));
        Assert.That(stored.Skip(Hostile.Length).Select(r => r[2]), Is.All.EqualTo("{p:String}"), "a placeholder inside a string literal is text");
        Assert.That(await ScalarAsync($"EXISTS TABLE {_table}"), Is.EqualTo("1"));
    }

    [Test]
    public async Task SyntaxErrorInTheData_SaysWhereAndInsertsNothing()
    {
        await using var connection = await TestSettings.OpenAsync();
        var ex = Assert.ThrowsAsync<ClickHouseDataException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id, s) VALUES (1, 'a'),\n(2, 'b') (3, 'c'\n"));
        Assert.That(ex!.RowIndex, Is.EqualTo(2));
        Assert.That(ex.Message, Does.Contain("line 3").And.Contain("not closed"));
        Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));

        var bad = Assert.ThrowsAsync<ClickHouseDataException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id, d) VALUES (1, '2024-01-01'), (2, '2024-02-30')"));
        Assert.That((bad!.RowIndex, bad.Column, bad.ExpectedType), Is.EqualTo((1L, "d", "Date")));
        Assert.That(bad.Message, Does.Contain("no such calendar date").And.Contain("line 1, column"));

        var wide = Assert.ThrowsAsync<ClickHouseDataException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id, i8) VALUES (1, 1), (2, 300)"));
        Assert.That((wide!.RowIndex, wide.Column), Is.EqualTo((1L, "i8")));

        var expression = Assert.ThrowsAsync<ClickHouseDataException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id, s) VALUES (1, 'a'), (2, no_such_function(1))"));
        Assert.That((expression!.RowIndex, expression.Column), Is.EqualTo((1L, "s")));
        Assert.That(expression.Message, Does.Contain("no_such_function(1)").And.Contain("UNKNOWN_FUNCTION"));

        Assert.That(await ScalarAsync($"SELECT count() FROM {_table}"), Is.EqualTo("0"));
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id) VALUES (9)"), Is.EqualTo(1), "the connection is clean");
    }

    [Test]
    public async Task Formats_TsvCsvAndJsonEachRow_InTheSql()
    {
        await using var connection = await TestSettings.OpenAsync();
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id, s, n, arr) FORMAT TabSeparated\n1\ttab\\there\t\\N\t['a','b\\'c']\n2\t\t7\t[]\n"), Is.EqualTo(2));
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id, s, n, d) FORMAT CSV\n3,\"quote\"\"d, comma\",\\N,2024-01-02\n4,plain,,2024-01-03\n"), Is.EqualTo(2));
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id, s, arr, tup) FORMAT JSONEachRow\n{{\"id\": 5, \"s\": \"j\\u00e9\", \"arr\": [\"x\"], \"tup\": [1, \"t\"]}}\n{{\"id\": 6}}"), Is.EqualTo(2));
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (s, id) FORMAT TSVWithNames\ns\tid\nnamed\t7\n"), Is.EqualTo(1));
        Assert.That(
            await ScalarAsync($"SELECT id, s, n, arr, tup FROM {_table} ORDER BY id FORMAT TSV"),
            Is.EqualTo(string.Join("\n",
                "1\ttab\\there\t\\N\t['a','b\\'c']\t(0,'')",
                "2\t\t7\t[]\t(0,'')",
                "3\tquote\"d, comma\t\\N\t[]\t(0,'')",
                "4\tplain\t\\N\t[]\t(0,'')",
                "5\tjé\t\\N\t['x']\t(1,'t')",
                "6\t\t\\N\t[]\t(0,'')",
                "7\tnamed\t\\N\t[]\t(0,'')")));
        Assert.That(await ScalarAsync($"SELECT groupArray(d) FROM (SELECT d FROM {_table} WHERE id IN (3, 4) ORDER BY id)"), Is.EqualTo("['2024-01-02','2024-01-03']"));
    }

    [Test]
    public async Task UnsupportedFormat_NamesItAndTheAlternatives_InsertsNothing()
    {
        await using var connection = await TestSettings.OpenAsync();
        var ex = Assert.ThrowsAsync<NotSupportedException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id) FORMAT Parquet\nPAR1"));
        Assert.That(ex!.Message, Does.Contain("Parquet").And.Contain("JSONEachRow").And.Contain("InsertAsync").And.Contain("nothing was inserted"));
        var empty = Assert.ThrowsAsync<NotSupportedException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id) VALUES"));
        Assert.That(empty!.Message, Does.Contain("no rows"));
        var second = Assert.ThrowsAsync<NotSupportedException>(() => ExecuteAsync(connection, $"INSERT INTO {_table} (id) VALUES (1); INSERT INTO {_table} (id) VALUES (2)"));
        Assert.That(second!.Message, Does.Contain("more than one statement"));
        Assert.That(await ScalarAsync($"SELECT count() FROM {_table}"), Is.EqualTo("0"));
        Assert.That(await ExecuteAsync(connection, $"INSERT INTO {_table} (id) VALUES (1)"), Is.EqualTo(1));
    }

    [Test]
    public async Task DefaultInEveryRow_LeavesTheColumnToTheServersDefault()
    {
        var table = TestSettings.UniqueTable("inline_default");
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {table} (id UInt32, s String DEFAULT concat('d', toString(id)), n UInt8 DEFAULT 42) ENGINE = Memory");
        try
        {
            await using var connection = await TestSettings.OpenAsync();
            Assert.That(await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, DEFAULT, 5), (2, DEFAULT, now() = now())"), Is.EqualTo(2));
            Assert.That(await ExecuteAsync(connection, $"INSERT INTO {table} FORMAT JSONEachRow {{\"id\": 3}} {{\"id\": 4, \"n\": 1}}"), Is.EqualTo(2));
            Assert.That(await ScalarAsync($"SELECT id, s, n FROM {table} ORDER BY id FORMAT TSV"), Is.EqualTo("1\td1\t5\n2\td2\t1\n3\td3\t0\n4\td4\t1"));

            var partial = Assert.ThrowsAsync<ClickHouseDataException>(() => ExecuteAsync(connection, $"INSERT INTO {table} VALUES (5, DEFAULT, 1), (6, 'x', 1)"));
            Assert.That(partial!.Message, Does.Contain("DEFAULT is given in some rows only"));
        }
        finally
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {table}");
        }
    }

    [Test]
    public async Task Parameters_AreData_OneRowPerCall_AsDappersExecuteSendsThem()
    {
        // Dapper's Execute(sql, IEnumerable<T>) runs the command once per element with that element's parameters.
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {_table} (id, s, n, arr, d) VALUES ({{id:UInt32}}, {{s:String}}, {{n:Nullable(Int32)}}, {{arr:Array(String)}}, {{d:Date}})";
        var id = command.Parameters.AddWithValue("id", 0);
        var s = command.Parameters.AddWithValue("s", null);
        var n = command.Parameters.AddWithValue("n", null);
        var arr = command.Parameters.AddWithValue("arr", null);
        var d = command.Parameters.AddWithValue("d", null);
        var total = 0;
        for (var i = 0; i < 5; i++)
        {
            (id.Value, s.Value, n.Value, arr.Value, d.Value) = (i, $"row '{i}'", i % 2 == 0 ? null : i, new[] { "x", $"{i}" }, i == 0 ? "2024-01-02" : (object)new DateOnly(2024, 1, 2).AddDays(i));
            total += await command.ExecuteNonQueryAsync();
        }

        Assert.That(total, Is.EqualTo(5));
        Assert.That(
            await ScalarAsync($"SELECT groupArray(id), groupArray(s), groupArray(n), groupArray(arr), groupArray(d) FROM (SELECT * FROM {_table} ORDER BY id)"),
            Is.EqualTo("[0,1,2,3,4]\t['row \\'0\\'','row \\'1\\'','row \\'2\\'','row \\'3\\'','row \\'4\\'']\t[1,3]\t"
                + "[['x','0'],['x','1'],['x','2'],['x','3'],['x','4']]\t['2024-01-02','2024-01-03','2024-01-04','2024-01-05','2024-01-06']"));

        var missing = connection.CreateCommand();
        missing.CommandText = $"INSERT INTO {_table} (id) VALUES ({{nope:UInt32}})";
        Assert.That(Assert.ThrowsAsync<ClickHouseDataException>(() => missing.ExecuteNonQueryAsync())!.Message, Does.Contain("no parameter named 'nope'"));
    }

    [Test]
    public async Task ClientCommand_ReturnsTheRowsWritten()
    {
        using var client = new ClickHouseClient(TestSettings.Shared());
        Assert.That(await client.CommandAsync($"INSERT INTO {_table} (id, s) VALUES (1, 'a'), (2, {{s:String}})", new { s = "b" }), Is.EqualTo(2L));
        Assert.That(client.Command($"INSERT INTO {_table} (id) FORMAT CSV\n3\n4\n5\n"), Is.EqualTo(3L));

        // INSERT ... SELECT: the rows the server reports; 18.16 (revision 54412) reports none, so the count is unknown.
        await using var connection = await TestSettings.OpenAsync();
        long? reported = connection.ServerRevision >= 54420 ? 2L : null;
        Assert.That(await client.CommandAsync($"INSERT INTO {_table} (id) SELECT number FROM numbers(2)"), Is.EqualTo(reported));
        Assert.That(await ScalarAsync($"SELECT count() FROM {_table}"), Is.EqualTo("7"));
    }

    [Test]
    public void ExecuteNonQuery_Sync_WorksLikeTheAsyncOne()
    {
        using var connection = new ClickHouseConnection(TestSettings.Shared());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {_table} (id, s) VALUES (1, now()), (2, 'b')";
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(2));
        Assert.That(command.LastSummary!.WrittenRows, Is.EqualTo(2));
    }
}
