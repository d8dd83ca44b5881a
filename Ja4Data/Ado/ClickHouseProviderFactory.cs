using System.Data.Common;

namespace Ja4Data;

/// <summary>
/// The ADO.NET provider factory. Register it with
/// <c>DbProviderFactories.RegisterFactory(ClickHouseProviderFactory.ProviderInvariantName, ClickHouseProviderFactory.Instance)</c>.
/// </summary>
public sealed class ClickHouseProviderFactory : DbProviderFactory
{
    /// <summary>The invariant name to register the factory under.</summary>
    public const string ProviderInvariantName = "Ja4Data.ClickHouse";

    /// <summary>The singleton instance (the field name DbProviderFactories looks for).</summary>
    public static readonly ClickHouseProviderFactory Instance = new();

    private ClickHouseProviderFactory()
    {
    }

    /// <inheritdoc />
    public override DbConnection CreateConnection() => new ClickHouseConnection();

    /// <inheritdoc />
    public override DbCommand CreateCommand() => new ClickHouseCommand();

    /// <inheritdoc />
    public override DbParameter CreateParameter() => new ClickHouseParameter();

    /// <inheritdoc />
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new ClickHouseConnectionStringBuilder();

    /// <summary>A <see cref="ClickHouseDataSource"/> with a pool of its own for <paramref name="connectionString"/>.</summary>
    /// <exception cref="ClickHouseConfigurationException">A key is unknown or a value is malformed.</exception>
    public override DbDataSource CreateDataSource(string connectionString) => ClickHouseDataSource.Create(connectionString);

    /// <inheritdoc />
    public override bool CanCreateDataSourceEnumerator => false;
}
