using Ja4Data.Sql;

namespace Ja4Data.Schema;

/// <summary>
/// The <c>schema_migrations</c> table in the processing database: which migrations ran, under which checksum.
/// ReplacingMergeTree keyed by version because two services deploying at once may both record a migration;
/// reads collapse such duplicates.
/// </summary>
/// <remarks>
/// On a cluster the table is a ReplicatedReplacingMergeTree whose single ZooKeeper path every node of the cluster
/// replicates (not one per shard): each node holds the whole history, so a deployment through any node sees what
/// every earlier deployment recorded, and drift recorded through any node is detected through every other.
/// </remarks>
internal sealed class MigrationHistory
{
    public const string TableName = "schema_migrations";

    private readonly IClickHouseClient _client;
    private readonly string _processingDatabase;
    private readonly string? _cluster;
    private readonly Func<string, CancellationToken, Task> _command;
    private readonly string _table;

    /// <param name="client">Reads the history.</param>
    /// <param name="processingDatabase">Where the table lives; a validated identifier.</param>
    /// <param name="cluster">The cluster the schema is deployed on, or null for one server; a validated identifier.</param>
    /// <param name="command">Runs a statement that returns nothing, with the deployer's repeats of transient failures.</param>
    public MigrationHistory(IClickHouseClient client, string processingDatabase, string? cluster, Func<string, CancellationToken, Task> command)
    {
        _client = client;
        _processingDatabase = processingDatabase;
        _cluster = cluster;
        _command = command;
        _table = ClickHouseIdentifier.Qualify(processingDatabase, TableName);
    }

    /// <summary>Statements that create both databases and the table; each is a no-op when its object exists.</summary>
    public IReadOnlyList<string> BootstrapStatements(string logsDatabase)
    {
        var onCluster = _cluster is null ? string.Empty : MigrationTemplate.OnCluster(_cluster);

        // Every node is a replica of one history: the replica name joins both macros because {replica} alone need
        // only be unique within a shard.
        var engine = _cluster is null
            ? "ReplacingMergeTree(applied_at)"
            : $"ReplicatedReplacingMergeTree('/clickhouse/ja4data/{_cluster}/{_processingDatabase}/{TableName}', '{{shard}}-{{replica}}', applied_at)";
        return
        [
            $"CREATE DATABASE IF NOT EXISTS {ClickHouseIdentifier.Quote(logsDatabase)}{onCluster}",
            $"CREATE DATABASE IF NOT EXISTS {ClickHouseIdentifier.Quote(_processingDatabase)}{onCluster}",
            $"""
            CREATE TABLE IF NOT EXISTS {_table}{onCluster}
            (
                version UInt32,
                name String,
                checksum String,
                applied_at DateTime DEFAULT now()
            )
            ENGINE = {engine}
            ORDER BY version
            """,
        ];
    }

    /// <summary>
    /// The statement that records <paramref name="migration"/> with <paramref name="checksum"/> (the one for this
    /// layout). INSERT ... SELECT rather than VALUES so the server runs it entirely, with no data block from the
    /// client, on every protocol revision.
    /// </summary>
    public string RecordStatement(Migration migration, string checksum)
        => $"INSERT INTO {_table} (version, name, checksum) SELECT {migration.Version.ToString(CultureInfo.InvariantCulture)}, "
            + $"{ClickHouseLiteral.Quote(migration.ToString())}, {ClickHouseLiteral.Quote(checksum)}";

    /// <summary>
    /// The recorded migrations by version; empty when the table does not exist yet. Reads only, except that on a
    /// cluster the node first fetches what other nodes recorded (SYSTEM SYNC REPLICA).
    /// </summary>
    /// <exception cref="ClickHouseConfigurationException">
    /// The history was written for the other layout (one server versus a cluster); nothing has run.
    /// </exception>
    public async Task<IReadOnlyDictionary<int, AppliedMigration>> ReadAsync(CancellationToken cancellationToken)
    {
        var existing = await _client.QueryAsync(
            $"SELECT engine FROM system.tables WHERE database = {ClickHouseLiteral.Quote(_processingDatabase)} AND name = {ClickHouseLiteral.Quote(TableName)}",
            cancellationToken: cancellationToken);
        if (existing.ResultRows.Count == 0)
        {
            return new Dictionary<int, AppliedMigration>();
        }

        ThrowOnOtherLayout(Convert.ToString(existing.FirstValue, CultureInfo.InvariantCulture) ?? string.Empty);
        if (_cluster is not null)
        {
            await _command($"SYSTEM SYNC REPLICA {_table}", cancellationToken);
        }

        var rows = await _client.QueryAsync(
            $"SELECT version, argMax(name, applied_at), argMax(checksum, applied_at) FROM {_table} GROUP BY version ORDER BY version",
            cancellationToken: cancellationToken);
        return rows.ResultRows
            .Select(r => new AppliedMigration(
                Convert.ToInt32(r[0], CultureInfo.InvariantCulture),
                Convert.ToString(r[1], CultureInfo.InvariantCulture) ?? string.Empty,
                Convert.ToString(r[2], CultureInfo.InvariantCulture) ?? string.Empty))
            .ToDictionary(a => a.Version);
    }

    // Objects of one layout cannot be turned into the other in place (a MergeTree table does not become replicated
    // by CREATE ... IF NOT EXISTS), so a deployment that finds the other layout's history stops before changing anything.
    private void ThrowOnOtherLayout(string engine)
    {
        var replicated = engine.StartsWith("Replicated", StringComparison.Ordinal);
        if (_cluster is not null && !replicated)
        {
            throw new ClickHouseConfigurationException(
                $"The schema in {_processingDatabase} was deployed for a single server ({_table} is a {engine} table), but "
                + $"{ClickHouseEnvironmentVariables.Cluster} is '{_cluster}'. A deployed schema cannot be converted to the cluster layout in place: "
                + $"deploy the cluster into new databases ({ClickHouseEnvironmentVariables.DbLogs}, {ClickHouseEnvironmentVariables.DbProcessing}) "
                + $"and copy the data, or leave {ClickHouseEnvironmentVariables.Cluster} empty.");
        }

        if (_cluster is null && replicated)
        {
            throw new ClickHouseConfigurationException(
                $"The schema in {_processingDatabase} was deployed on a cluster ({_table} is a {engine} table), but "
                + $"{ClickHouseEnvironmentVariables.Cluster} is empty: set it to the cluster's name so the deployment runs ON CLUSTER.");
        }
    }
}
