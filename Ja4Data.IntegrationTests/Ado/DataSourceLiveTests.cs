using System.Data;
using System.Data.Common;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>ClickHouseDataSource against the live server, without dependency injection.</summary>
[TestFixture]
public sealed class DataSourceLiveTests
{
    [Test]
    public async Task OpenConnectionAsync_RunsCommands_AndDisposingReturnsTheConnectionToThePool()
    {
        await using var dataSource = new ClickHouseDataSource(TestSettings.Shared());

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Assert.That(connection.State, Is.EqualTo(ConnectionState.Open));
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT currentDatabase()";
            Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("default"));
            Assert.That(dataSource.Pool.InUse, Is.EqualTo(1));
        }

        using (var again = dataSource.OpenConnection())
        {
            Assert.That(again.ServerVersion, Does.Match(@"^\d+\.\d+"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(dataSource.Pool.InUse, Is.Zero);
            Assert.That(dataSource.Pool.Total, Is.EqualTo(1), "the second open reused the first connection");
        });
    }

    [Test]
    public async Task CreateCommand_ScalarAndNonQuery_LeaseAConnectionPerExecution()
    {
        await using var dataSource = new ClickHouseDataSource(TestSettings.Shared());
        var table = TestSettings.UniqueTable("ds_command");
        await using var command = dataSource.CreateCommand($"CREATE TABLE {table} (n UInt32) ENGINE = Memory");

        await command.ExecuteNonQueryAsync();
        command.CommandText = $"INSERT INTO {table} SELECT number FROM system.numbers LIMIT 5";
        await command.ExecuteNonQueryAsync();
        command.CommandText = $"SELECT sum(n) FROM {table} WHERE n >= {{min:UInt32}}";
        command.Parameters.AddWithValue("min", 2u);
        var sum = command.ExecuteScalar();
        command.Parameters.Clear();
        command.CommandText = $"DROP TABLE {table}";
        await command.ExecuteNonQueryAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sum, Is.EqualTo(9UL));
            Assert.That(dataSource.Pool.InUse, Is.Zero, "every execution returned its connection");
            Assert.That(dataSource.Pool.Total, Is.EqualTo(1), "and the next one reused it");
        });
    }

    [Test]
    public async Task CreateCommand_Reader_HoldsItsConnectionUntilClosed()
    {
        await using var dataSource = new ClickHouseDataSource(TestSettings.Shared());
        await using var command = dataSource.CreateCommand("SELECT number FROM system.numbers LIMIT 3");

        var values = new List<ulong>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.That(dataSource.Pool.InUse, Is.EqualTo(1));
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetFieldValue<ulong>(0));
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(values, Is.EqualTo(new ulong[] { 0, 1, 2 }));
            Assert.That(dataSource.Pool.InUse, Is.Zero);
            Assert.That(command.Connection, Is.Null);
        });
    }

    [Test]
    public async Task CreateCommand_ServerError_ReturnsTheConnection()
    {
        await using var dataSource = new ClickHouseDataSource(TestSettings.Shared());
        await using var command = dataSource.CreateCommand("SELECT * FROM no_such_table_for_data_source_test");

        Assert.ThrowsAsync<ClickHouseServerException>(() => command.ExecuteScalarAsync());
        Assert.That(dataSource.Pool.InUse, Is.Zero);
    }

    [Test]
    public async Task DbDataSource_FromProviderFactory_WorksThroughTheBaseClasses()
    {
        var settings = TestSettings.Shared();
        await using DbDataSource dataSource = ClickHouseProviderFactory.Instance.CreateDataSource(settings.ToConnectionString());

        await using var command = dataSource.CreateCommand("SELECT 40 + 2");
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var onConnection = connection.CreateCommand();
        onConnection.CommandText = "SELECT 'x'";

        var sum = await command.ExecuteScalarAsync();
        var text = await onConnection.ExecuteScalarAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToInt32(sum, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(42));
            Assert.That(text, Is.EqualTo("x"));
            Assert.That(dataSource.ConnectionString, Does.Not.Contain("Password"));
        });
    }

    [Test]
    public async Task Clear_ClosesIdleConnections_AndDisposeClosesTheRest()
    {
        var dataSource = new ClickHouseDataSource(TestSettings.Shared());
        await (await dataSource.OpenConnectionAsync()).DisposeAsync();
        Assert.That(dataSource.Pool.Idle, Is.EqualTo(1));

        dataSource.Clear();
        Assert.That(dataSource.Pool.Total, Is.Zero);

        var held = await dataSource.OpenConnectionAsync();
        await dataSource.DisposeAsync();
        await held.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(dataSource.Pool.Total, Is.Zero, "a connection returned after dispose is closed");
            Assert.ThrowsAsync<ObjectDisposedException>(async () => await dataSource.OpenConnectionAsync());
        });
    }

    [Test]
    public async Task ClientOverDataSource_SharesThePool()
    {
        await using var dataSource = new ClickHouseDataSource(TestSettings.Shared());
        await using var client = new ClickHouseClient(dataSource);

        var result = await client.QueryAsync("SELECT {a:Int32} * 2 AS twice", new { a = 21 });
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ResultRows.Single()[0], Is.EqualTo(42L));
            Assert.That(dataSource.Pool.Total, Is.EqualTo(1), "client and command used the same pooled connection");
        });
    }
}
