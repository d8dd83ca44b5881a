using Ja4Data.LocalServer.ChDb;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>
/// The same INSERT statements, rows written in the SQL, on two engines: chDB (ClickHouse 26.7), which reads such data
/// itself, and the 18.16 test server through Ja4Data, which reads it client-side and sends blocks. Both must then hold
/// the same rows, compared as decoded values, for the column types both servers have.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InlineInsertChDbComparisonTests
{
    private static readonly string[] Statements =
    [
        "VALUES (1, -128, -9223372036854775808, 18446744073709551615, 1.5, -2.5e-3, 1.25, '-12.3456', "
            + @"'a\\b\'c''d\n\t\0\x41\xCE\xB1é😀', 'ab', '2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05Z', 'b', 'x', "
            + "'61f0c404-5cb3-11e7-907b-a6006ad3dba0', NULL, 'not null', ['x', '', 'y''z'], [[1, 2], []], (7, 'tup'), [1.5, NULL, -inf])",
        "VALUES (2, 0x7f, 0b101, 1_000, inf, 1e300, -0.5, 0, $$here'doc$$, x'41424344', 19000, 1700000000, 0, 1, 1000, "
            + "'61f0c4045cb311e7907ba6006ad3dba0', -5, NULL, [], [[255]], (0, ''), [])",
        "(id, d, dt, i64, s, arr) VALUES (3, toDate('2024-01-01') + 1, toDateTime('2024-01-01 00:00:00') + 60, 1 + 2, concat('a', toString(40 + 2)), "
            + "splitByChar(',', 'p,q')), (4, '2024-05-06', '2024-05-06 07:08:09', -7, 'literal', ['r'])",
        "(id, s, n, arr) FORMAT TabSeparated\n5\ttab\\there\t\\N\t['a','b\\'c']\n6\t\t7\t[]\n",
        "(id, s, n, d) FORMAT CSV\n7,\"quote\"\"d, comma\",\\N,2024-01-02\n8,plain,3,2024-01-03\n",
        "(id, s, arr, tup, d92) FORMAT JSONEachRow\n{\"id\": 9, \"s\": \"j\\u00e9\", \"arr\": [\"x\"], \"tup\": [1, \"t\"], \"d92\": 12.5}\n{\"id\": 10, \"s\": \"\", \"arr\": [], \"tup\": [0, \"\"], \"d92\": \"-0.01\"}",
    ];

    private ChDbSession _chdb = null!;
    private string _chdbDatabase = null!;
    private string _table = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _chdb = ChDbRequirement.Shared;
        _chdbDatabase = ChDbRequirement.UniqueName("inline");
        _chdb.QueryText($"CREATE DATABASE {_chdbDatabase}");
        _chdb.QueryText($"CREATE TABLE {_chdbDatabase}.t ({InlineInsertLiveTests.Columns}) ENGINE = Memory");
        _table = TestSettings.UniqueTable("inline_cmp");
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {_table} ({InlineInsertLiveTests.Columns}) ENGINE = Memory");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _chdb.QueryText($"DROP DATABASE IF EXISTS {_chdbDatabase} SYNC");
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {_table}");
    }

    [TestCaseSource(nameof(Statements))]
    public async Task SameStatement_StoresTheSameRows_OnChDbAndOn1816(string statement)
    {
        _chdb.QueryText($"INSERT INTO {_chdbDatabase}.t {statement}");
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {_table} {statement}";
        var written = await command.ExecuteNonQueryAsync();

        const string select = "SELECT * FROM {0} ORDER BY id";
        var modern = NativeFormat.ReadBlocks(new MemoryStream(_chdb.QueryBytes(string.Format(null, select, $"{_chdbDatabase}.t") + " SETTINGS session_timezone = 'UTC'")))
            .SelectMany(block => block.ResultRows).ToList();
        var legacy = await InlineInsertLiveTests.ReadAsync(connection, string.Format(null, select, _table));

        Assert.That(written, Is.EqualTo(modern.Count));
        Assert.That(legacy, Is.EqualTo(modern).AsCollection);
    }
}
