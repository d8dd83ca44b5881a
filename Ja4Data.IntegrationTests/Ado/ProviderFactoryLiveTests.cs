using System.Data.Common;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>A DbProviderFactories round trip: code that knows only the invariant name and the base classes.</summary>
[TestFixture]
public sealed class ProviderFactoryLiveTests
{
    [Test]
    public async Task RegisteredFactory_CreatesConnectionCommandParameterAndReader()
    {
        DbProviderFactories.RegisterFactory(ClickHouseProviderFactory.ProviderInvariantName, ClickHouseProviderFactory.Instance);
        var factory = DbProviderFactories.GetFactory(ClickHouseProviderFactory.ProviderInvariantName);
        Assert.That(factory, Is.SameAs(ClickHouseProviderFactory.Instance));

        var settings = TestSettings.Shared();
        var builder = factory.CreateConnectionStringBuilder()!;
        builder["Host"] = settings.Host;
        builder["Port"] = settings.Port;
        builder["User"] = settings.User;
        builder["Password"] = settings.Password;
        builder["Database"] = "default";

        await using DbConnection connection = factory.CreateConnection()!;
        connection.ConnectionString = builder.ConnectionString;
        await connection.OpenAsync();

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT {a:Int32} + 1 AS r, {s:String} AS s";
        var a = factory.CreateParameter()!;
        a.ParameterName = "@a";
        a.Value = 41;
        command.Parameters.Add(a);
        var s = command.CreateParameter();
        s.ParameterName = "s";
        s.Value = "x'; --";
        command.Parameters.Add(s);

        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That((reader.GetInt64(0), reader.GetString(1)), Is.EqualTo((42L, "x'; --")));
        Assert.That(reader.GetName(0), Is.EqualTo("r"));
    }

    [Test]
    public void RegisteringByType_FindsTheInstanceField()
    {
        const string name = "Ja4Data.ClickHouse.ByType";
        DbProviderFactories.RegisterFactory(name, typeof(ClickHouseProviderFactory));
        Assert.That(DbProviderFactories.GetFactory(name), Is.SameAs(ClickHouseProviderFactory.Instance));
        Assert.That(ClickHouseProviderFactory.Instance.CreateCommand(), Is.InstanceOf<ClickHouseCommand>());
        Assert.That(ClickHouseProviderFactory.Instance.CanCreateDataSourceEnumerator, Is.False);
    }
}
