using System.Collections.ObjectModel;
using System.Data;

namespace Ja4Data.IntegrationTests.Facade;

/// <summary>The documented facade (IClickHouseClient) against the live server.</summary>
[TestFixture]
public sealed class ClickHouseClientLiveTests
{
    private ClickHouseClient _client = null!;
    private string _table = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _client = new ClickHouseClient(TestSettings.Shared());
        _table = TestSettings.UniqueTable("facade");
        await _client.CommandAsync($"CREATE TABLE {_table} (id UInt64, ja4 String, score Nullable(Float64)) ENGINE = Memory");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {_table}");
        await _client.DisposeAsync();
    }

    private static IEnumerable<object> ParameterShapes()
    {
        yield return new { n = 3, s = "it's \\ a -- test" };
        yield return new Dictionary<string, object?> { ["n"] = 3, ["s"] = "it's \\ a -- test" };
        yield return new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["n"] = 3, ["s"] = "it's \\ a -- test" });
        yield return new Dictionary<string, object> { ["n"] = 3L, ["s"] = "it's \\ a -- test" };
        yield return new SortedList<string, object?> { ["n"] = (byte)3, ["s"] = "it's \\ a -- test" };
    }

    [TestCaseSource(nameof(ParameterShapes))]
    public async Task Query_TakesAnonymousObjectsAndDictionaries(object parameters)
    {
        const string sql = "SELECT number AS n, {s:String} AS s FROM numbers(10) WHERE number < {n:UInt8} ORDER BY n";
        foreach (var result in new[] { _client.Query(sql, parameters), await _client.QueryAsync(sql, parameters) })
        {
            Assert.That(result.ColumnNames, Is.EqualTo((string[])["n", "s"]));
            Assert.That(result.ColumnTypes, Is.EqualTo((string[])["UInt64", "String"]));
            Assert.That(result.ResultRows.Select(r => ((ulong)r[0]!, (string)r[1]!)), Is.EqualTo(new[] { (0UL, "it's \\ a -- test"), (1UL, "it's \\ a -- test"), (2UL, "it's \\ a -- test") }));
            Assert.That(result.Summary.ResultRows, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task QueryResult_Summary_ReportsWhatTheServerDid()
    {
        var result = await _client.QueryAsync("SELECT count() AS c FROM numbers(100000)");
        Assert.That(result.FirstValue, Is.EqualTo(100_000UL));
        Assert.That(result.Summary.ReadRows, Is.InRange(100_000, 100_000 + 65_536), "numbers() reads whole 64k blocks");
        Assert.That(result.Summary.ReadBytes, Is.EqualTo(result.Summary.ReadRows * 8));
        Assert.That(result.Summary.ResultRows, Is.EqualTo(1));
        Assert.That(result.Summary.Elapsed, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(result.Summary.WrittenRows, Is.Zero);
    }

    [Test]
    public async Task Command_ReturnsTheFirstValue_OrNull()
    {
        Assert.That(_client.Command("SELECT {x:Int64} * 2", new { x = -21 }), Is.EqualTo(-42L));
        // INSERT ... SELECT answers with the rows written where the server reports them (revision 54420+), else null.
        Assert.That(await _client.CommandAsync($"INSERT INTO {_table} (id, ja4) SELECT number, {{p:String}} FROM numbers(5)", new { p = "t13d" }), Is.Null.Or.EqualTo(5L));
        Assert.That(await _client.CommandAsync($"SELECT count() FROM {_table} WHERE ja4 = {{p:String}}", new Dictionary<string, object?> { ["p"] = "t13d" }), Is.EqualTo(5UL));
    }

    [Test]
    public async Task Insert_And_InsertAsync_ReportRowsWritten()
    {
        Assert.That(_client.Insert(_table, [[1UL, "a", 0.5], [2UL, "b", null]]), Is.EqualTo(2));
        Assert.That(await _client.InsertAsync(_table, [[3UL, "c"]], ["id", "ja4"]), Is.EqualTo(1));
        var rows = _client.Query($"SELECT id, ja4, score FROM {_table} ORDER BY id").ResultRows;
        Assert.That(rows.Select(r => (r[0], r[1], r[2])), Is.EqualTo(new (object?, object?, object?)[] { (1UL, "a", 0.5), (2UL, "b", null), (3UL, "c", null) }));
    }

    [Test]
    public async Task Insert_WithABadValueInTheLastOf20kRows_FailsAndWritesNothing()
    {
        var rows = Enumerable.Range(0, 20_000)
            .Select(i => (IReadOnlyList<object?>)(i == 19_999 ? [(ulong)i, "x", "high"] : [(ulong)i, "x", 1.0]))
            .ToList();
        var ex = Assert.ThrowsAsync<ClickHouseDataException>(() => _client.InsertAsync(_table, rows));
        Assert.That((ex!.Column, ex.RowIndex, ex.ExpectedType, ex.ValueType), Is.EqualTo(("score", 19_999L, "Nullable(Float64)", typeof(string))));
        Assert.That(ex.Message, Does.Contain("score").And.Contain("19999").And.Contain("Nullable(Float64)").And.Contain("String"));
        Assert.That(_client.Query($"SELECT count() FROM {_table}").FirstValue, Is.EqualTo(0UL));
    }

    [Test]
    public async Task Connect_GivesAnOpenPooledConnection_AndCloseReleasesThePool()
    {
        await using (var connection = await _client.ConnectAsync())
        {
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
            var command = connection.CreateCommand();
            command.CommandText = "SELECT {v:String}";
            command.Parameters.AddWithValue("v", "pooled");
            Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("pooled"));
        }

        using (var connection = _client.Connect())
        {
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
        }

        _client.Close();
        Assert.That(_client.Query("SELECT 1").FirstValue, Is.EqualTo((byte)1), "the next call connects again");
    }

    [Test]
    public void ServerErrors_SurfaceAsClickHouseServerException_WithTheCode()
    {
        var ex = Assert.ThrowsAsync<ClickHouseServerException>(() => _client.QueryAsync("SELECT * FROM default.no_such_table_h8_facade"));
        Assert.That(ex!.ErrorCode, Is.EqualTo(60));
        Assert.That(Assert.Throws<ArgumentException>(() => _client.Query("SELECT {missing:UInt8}"))!.Message, Does.Contain("missing"));
    }
}
