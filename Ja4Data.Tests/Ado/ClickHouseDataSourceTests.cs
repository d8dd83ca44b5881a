using System.Data.Common;
using Ja4Data.Tests.Configuration;

namespace Ja4Data.Tests.Ado;

/// <summary>The data source without a server: construction, connection string, commands, disposal.</summary>
[TestFixture]
public sealed class ClickHouseDataSourceTests
{
    private static readonly ClickHouseSettings Settings = new()
    {
        Host = "ch.invalid",
        Port = 9101,
        Password = TestSecrets.Password,
        CommandTimeout = TimeSpan.FromSeconds(42),
    };

    [Test]
    public void ConnectionString_OmitsThePassword_SettingsKeepIt()
    {
        using var dataSource = new ClickHouseDataSource(Settings);

        Assert.Multiple(() =>
        {
            Assert.That(dataSource.ConnectionString, Does.Contain("Host=ch.invalid").And.Not.Contain(TestSecrets.Fragment).And.Not.Contain("Password"));
            Assert.That(ClickHouseSettings.FromConnectionString(dataSource.ConnectionString), Is.EqualTo(Settings with { Password = string.Empty }));
            Assert.That(dataSource.Settings.Password, Is.EqualTo(TestSecrets.Password));
        });
    }

    [Test]
    public void Constructor_InvalidSettings_ThrowsConfigurationError()
    {
        Assert.Throws<ClickHouseConfigurationException>(() => _ = new ClickHouseDataSource(Settings with { PoolMinSize = 5, PoolMaxSize = 2 }));
    }

    [Test]
    public void Create_ConnectionString_ReadsIt()
    {
        using var dataSource = ClickHouseDataSource.Create("Host=cs.invalid;Port=9200;ClientName=svc");

        Assert.That((dataSource.Settings.Host, dataSource.Settings.Port, dataSource.Settings.ClientName), Is.EqualTo(("cs.invalid", 9200, "svc")));
    }

    [Test]
    public void ProviderFactory_CreateDataSource_IsAClickHouseDataSource()
    {
        using var dataSource = ClickHouseProviderFactory.Instance.CreateDataSource("Host=factory.invalid");

        Assert.That(dataSource, Is.InstanceOf<ClickHouseDataSource>().With.Property(nameof(ClickHouseDataSource.Settings)).Property("Host").EqualTo("factory.invalid"));
    }

    [Test]
    public void CreateConnection_IsClosedWithTheSettings()
    {
        using var dataSource = new ClickHouseDataSource(Settings);
        DbDataSource asBase = dataSource;

        using var connection = dataSource.CreateConnection();
        using var baseConnection = asBase.CreateConnection();

        Assert.Multiple(() =>
        {
            Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Closed));
            Assert.That(connection.Settings, Is.SameAs(dataSource.Settings));
            Assert.That(baseConnection, Is.InstanceOf<ClickHouseConnection>());
        });
    }

    [Test]
    public void CreateCommand_OwnsItsConnection_WhichCannotBeSet()
    {
        using var dataSource = new ClickHouseDataSource(Settings);
        using var command = dataSource.CreateCommand("SELECT 1");
        using var other = new ClickHouseConnection(Settings);

        Assert.Multiple(() =>
        {
            Assert.That(command.CommandText, Is.EqualTo("SELECT 1"));
            Assert.That(command.Connection, Is.Null);
            Assert.That(command.CommandTimeout, Is.EqualTo(42), "the data source's CommandTimeout");
            Assert.Throws<NotSupportedException>(() => command.Connection = other);
            Assert.Throws<NotSupportedException>(() => ((DbCommand)command).Connection = other);
            Assert.DoesNotThrow(command.Cancel, "nothing runs, so there is nothing to cancel");
        });
    }

    [Test]
    public async Task DisposeAsync_ClosesThePool_LaterOpensFail()
    {
        var dataSource = new ClickHouseDataSource(Settings);

        await dataSource.DisposeAsync();
        dataSource.Dispose();

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ObjectDisposedException>(async () => await dataSource.OpenConnectionAsync());
            Assert.Throws<ObjectDisposedException>(() => dataSource.OpenConnection());
            Assert.ThrowsAsync<ObjectDisposedException>(() => dataSource.CreateCommand("SELECT 1").ExecuteScalarAsync());
        });
    }

    [Test]
    public async Task ClientOverDataSource_Dispose_LeavesTheDataSourceOpen()
    {
        // A closed loopback port: an open data source fails to connect, a disposed one would refuse to try.
        using var dataSource = new ClickHouseDataSource(Settings with { Host = "127.0.0.1", Port = ClosedPort() });
        var client = new ClickHouseClient(dataSource);

        await client.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(client.Settings, Is.SameAs(dataSource.Settings));
            Assert.Throws<ObjectDisposedException>(() => client.Query("SELECT 1"));
            Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await dataSource.OpenConnectionAsync());
        });
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
