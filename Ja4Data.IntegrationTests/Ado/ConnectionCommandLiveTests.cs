using System.Data;
using System.Data.Common;
using System.Diagnostics;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>ClickHouseConnection and ClickHouseCommand against the live server.</summary>
[TestFixture]
public sealed class ConnectionCommandLiveTests
{
    [Test]
    public async Task Connection_OpensFromConnectionString_Builder_AndSettings()
    {
        var settings = TestSettings.Shared();
        var builder = new ClickHouseConnectionStringBuilder { Host = settings.Host, Port = settings.Port, User = settings.User, Password = settings.Password, Database = "default" };
        foreach (var connection in new[] { new ClickHouseConnection(builder.ConnectionString), new ClickHouseConnection(settings), new ClickHouseConnection { ConnectionString = settings.ToConnectionString() } })
        {
            await using (connection)
            {
                Assert.That(connection.State, Is.EqualTo(ConnectionState.Closed));
                await connection.OpenAsync();
                Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
                Assert.That(connection.ServerVersion, Does.Match(@"^\d+\.\d+"));
                Assert.That(connection.DataSource, Is.EqualTo($"{settings.Host}:{settings.Port}"));
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT currentDatabase()";
                Assert.That(command.ExecuteScalar(), Is.EqualTo("default"));
                connection.Close();
                Assert.That(connection.State, Is.EqualTo(ConnectionState.Closed));
            }
        }
    }

    [Test]
    public async Task Transactions_AreNotSupported_WithAClearMessage()
    {
        await using var connection = await TestSettings.OpenAsync();
        var begin = Assert.Throws<NotSupportedException>(() => connection.BeginTransaction());
        Assert.That(begin!.Message, Does.Contain("does not support transactions"));
        Assert.ThrowsAsync<NotSupportedException>(async () => await connection.BeginTransactionAsync());
        var command = connection.CreateCommand();
        Assert.That(Assert.Throws<NotSupportedException>(() => command.Transaction = new OtherTransaction())!.Message, Does.Contain("does not support transactions"));
        command.Transaction = null;
        Assert.That(command.Transaction, Is.Null);
        Assert.Throws<NotSupportedException>(() => connection.ChangeDatabase("system"));
        Assert.Throws<NotSupportedException>(() => command.CommandType = CommandType.StoredProcedure);
    }

    [Test]
    public async Task QueryId_IsWhatTheServerLogs()
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = QueryLog.Logged(connection, "SELECT 1");
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((byte)1));
        var log = await QueryLog.StatementsAsync(TestServer.Endpoint, [command.QueryId!]);
        Assert.That(log[command.QueryId!].Finished, Is.EqualTo(1));
    }

    [Test]
    public async Task QuerySettings_ApplyToThatCommandOnly()
    {
        await using var connection = await TestSettings.OpenAsync();
        var limited = connection.CreateCommand();
        limited.CommandText = "SELECT number FROM system.numbers LIMIT 20";
        limited.QuerySettings["max_result_rows"] = 5;
        var ex = Assert.ThrowsAsync<ClickHouseServerException>(() => limited.ExecuteNonQueryAsync());
        Assert.That(ex!.ErrorCode, Is.EqualTo(396), ex.Message); // TOO_MANY_ROWS_OR_BYTES

        await using var again = await TestSettings.OpenAsync();
        var unlimited = again.CreateCommand();
        unlimited.CommandText = "SELECT count() FROM (SELECT number FROM system.numbers LIMIT 20)";
        Assert.That(await unlimited.ExecuteScalarAsync(), Is.EqualTo(20UL));
    }

    [Test]
    public async Task CommandTimeout_CancelsALongStatement()
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT max(number) FROM system.numbers"; // endless, and the server checks for Cancel between blocks
        command.CommandTimeout = 1;
        var watch = Stopwatch.StartNew();
        var ex = Assert.CatchAsync<Exception>(() => command.ExecuteScalarAsync());
        Assert.That(ex, Is.InstanceOf<TimeoutException>().Or.InnerException.InstanceOf<TimeoutException>(), ex!.ToString());
        Assert.That(ex!.Message, Does.Contain("CommandTimeout"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));

        command.CommandText = "SELECT 1";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((byte)1), "the cancelled statement left the connection usable");
    }

    [Test]
    public async Task Progress_IsReported_AndTheSummaryAddsUp()
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT count() FROM numbers({n:UInt64})";
        command.Parameters.AddWithValue("n", 5_000_000);
        var reports = new List<QuerySummary>();
        command.Progress = reports.Add;
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(5_000_000UL));
        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports.Select(r => r.ReadRows), Is.Ordered);
        Assert.That(command.LastSummary!.ReadRows, Is.InRange(5_000_000, 5_000_000 + 65_536), "numbers() reads whole 64k blocks");
        Assert.That(command.LastSummary.ReadBytes, Is.EqualTo(command.LastSummary.ReadRows * 8));
        Assert.That(reports[^1].ReadRows, Is.EqualTo(command.LastSummary.ReadRows));

        // Run again with less to read: the summary is this execution's, not the last one's.
        command.Parameters[0].Value = 10;
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(10UL));
        Assert.That(command.LastSummary!.ReadRows, Is.EqualTo(10));
        Assert.That(command.LastSummary.Elapsed, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task ExecuteNonQuery_ReportsRowsWritten_ByInsertSelect()
    {
        var table = TestSettings.UniqueTable("ado_nonquery");
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE {table} (x UInt64) ENGINE = Memory";
        Assert.That(await command.ExecuteNonQueryAsync(), Is.Zero);
        try
        {
            command.CommandText = $"INSERT INTO {table} SELECT number FROM numbers({{n:UInt64}})";
            command.Parameters.AddWithValue("n", 1234);

            // Servers report written rows in Progress from revision 54420; 18.16 (54412) reports none.
            Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(connection.ServerRevision >= 54420 ? 1234 : 0));
            Assert.That(await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"SELECT count() FROM {table}"), Is.EqualTo("1234\n"));
        }
        finally
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {table}");
        }
    }

    [Test]
    public async Task InsertWithValuesInTheSql_IsSentAsBlocks_AndLeavesTheConnectionUsable()
    {
        var table = TestSettings.UniqueTable("ado_values");
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE {table} (x UInt64) ENGINE = Memory";
        await command.ExecuteNonQueryAsync();
        try
        {
            // 18.16 ignores VALUES written in the SQL on the native protocol; the client reads them and sends blocks.
            command.CommandText = $"/* c */ insert INTO {table} VALUES (1), (2)";
            Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(2));
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
            Assert.That(await connection.InsertAsync(table, [[7UL]]), Is.EqualTo(1));
            Assert.That(await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"SELECT groupArray(x) FROM {table}"), Is.EqualTo("[1,2,7]\n"));
        }
        finally
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {table}");
        }
    }

    [Test]
    public async Task ServerErrors_AreClickHouseServerExceptions_WithTheServerCode()
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM default.no_such_table_h8";
        var ex = Assert.ThrowsAsync<ClickHouseServerException>(() => command.ExecuteReaderAsync());
        Assert.That((ex!.ErrorCode, ex.ErrorName), Is.EqualTo((60, "UNKNOWN_TABLE")));
        Assert.That(ex, Is.InstanceOf<DbException>());
    }

    private sealed class OtherTransaction : DbTransaction
    {
        public override IsolationLevel IsolationLevel => IsolationLevel.Unspecified;

        protected override DbConnection? DbConnection => null;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }
}
