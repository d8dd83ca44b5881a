using Ja4Data.Schema;
using Ja4Data.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Ja4Data;

/// <summary>
/// Deploys the ja4 schema (the migrations embedded in Ja4Data) into the configured logs and processing databases, on
/// one server or, when <see cref="ClickHouseSettings.Cluster"/> names a cluster, on every node of it (docs/cluster.md).
/// Idempotent: applied migrations are recorded with checksums in <c>schema_migrations</c> in the processing database
/// and not run again; a recorded migration whose text has changed stops the deployment as drift.
/// </summary>
/// <remarks>
/// <para>
/// Migrations that declare a minimum server version are skipped with a note on older servers and run once the
/// server is upgraded, so one schema serves ClickHouse 18.16 and current releases. Safe to call at every service
/// start-up. ClickHouse DDL is not transactional: if a migration fails part-way, its statements (all written to be
/// repeatable) run again on the next deployment.
/// </para>
/// <para>
/// On a cluster every statement runs <c>ON CLUSTER</c>: each table <c>t</c> becomes <c>t_local</c>
/// (Replicated*MergeTree) on every node plus <c>t</c>, a Distributed table over them, so applications keep using
/// <c>t</c>. A statement that fails with a transient error (a ZooKeeper session expiring right after ZooKeeper
/// restarted, a replicated table still read-only) is repeated a few times. A node that is down makes each
/// <c>ON CLUSTER</c> statement wait for the server's <c>distributed_ddl_task_timeout</c> (180 s by default) and fail
/// naming the unfinished hosts; the statement stays queued and runs when the node is back.
/// </para>
/// </remarks>
public sealed class SchemaDeployer
{
    private const string LogsSetting = ClickHouseEnvironmentVariables.DbLogs;
    private const string ProcessingSetting = ClickHouseEnvironmentVariables.DbProcessing;

    // TIMEOUT_EXCEEDED from an ON CLUSTER statement means a node did not answer within distributed_ddl_task_timeout:
    // repeating it would wait that long again for the same node.
    private const int DistributedDdlTimeout = 159;

    private readonly IClickHouseClient _client;
    private readonly string _logsDatabase;
    private readonly string _processingDatabase;
    private readonly MigrationHistory _history;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _statementRetry;

    /// <summary>
    /// Creates a deployer for the databases named by <see cref="ClickHouseSettings.DbLogs"/> and
    /// <see cref="ClickHouseSettings.DbProcessing"/>, on the cluster named by <see cref="ClickHouseSettings.Cluster"/>
    /// (empty: one server).
    /// </summary>
    /// <exception cref="ClickHouseConfigurationException">A database or cluster name is not a plain identifier; nothing has run.</exception>
    public SchemaDeployer(IClickHouseClient client, ClickHouseSettings settings, ILogger? logger = null)
        : this(
            client,
            (settings ?? throw new ArgumentNullException(nameof(settings))).DbLogs,
            settings.DbProcessing,
            migrations: null,
            logger,
            settings.Cluster.Length == 0 ? null : settings.Cluster)
    {
    }

    /// <summary>Creates a deployer for explicit names and, for tests, an explicit migration list and retry delay.</summary>
    internal SchemaDeployer(
        IClickHouseClient client,
        string logsDatabase,
        string processingDatabase,
        IReadOnlyList<Migration>? migrations = null,
        ILogger? logger = null,
        string? cluster = null,
        TimeSpan? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _logsDatabase = ValidName(logsDatabase, LogsSetting);
        _processingDatabase = ValidName(processingDatabase, ProcessingSetting);
        Cluster = cluster is null ? null : ValidName(cluster, ClickHouseEnvironmentVariables.Cluster);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        _statementRetry = StatementRetry(retryDelay ?? TimeSpan.FromSeconds(0.5));
        _history = new MigrationHistory(client, _processingDatabase, Cluster, CommandAsync);
        Migrations = migrations is null ? MigrationCatalog.Embedded : MigrationCatalog.Order(migrations);
    }

    /// <summary>The migrations this deployer applies, in version order.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>The cluster every statement runs <c>ON CLUSTER</c> of, or null for one server.</summary>
    public string? Cluster { get; }

    /// <summary>
    /// Brings the schema up to date: applies every pending migration the server is new enough for and records it.
    /// With <paramref name="dryRun"/> only reads (on a cluster the node first fetches the history other nodes
    /// recorded), and returns the statements it would run.
    /// </summary>
    /// <exception cref="SchemaDriftException">An applied migration has changed; raised before anything runs.</exception>
    /// <exception cref="ClickHouseConfigurationException">
    /// The databases hold the other layout (one server versus a cluster); raised before anything runs.
    /// </exception>
    /// <exception cref="ClickHouseException">A statement failed; the migrations before it stay applied and recorded.</exception>
    public async Task<SchemaDeployResult> DeployAsync(bool dryRun = false, CancellationToken ct = default)
    {
        var version = await _client.QueryAsync("SELECT version()", cancellationToken: ct);
        var serverVersion = ClickHouseVersion.Parse(Convert.ToString(version.FirstValue, CultureInfo.InvariantCulture));
        await ThrowOnUnknownClusterAsync(ct);
        var applied = await _history.ReadAsync(ct);
        ThrowOnDrift(Migrations, applied, Cluster);
        WarnAboutUnknown(applied);

        var outcomes = new List<MigrationOutcome>(Migrations.Count);
        var statements = new List<string>();
        foreach (var migration in Migrations)
        {
            if (applied.ContainsKey(migration.Version))
            {
                outcomes.Add(new MigrationOutcome(migration, MigrationStatus.AlreadyApplied));
                continue;
            }

            if (!migration.RunsOn(serverVersion))
            {
                var reason = $"needs ClickHouse {migration.MinServerVersion} or newer; the server is {serverVersion}";
                _logger.LogInformation("Schema migration {Migration} skipped: {Reason}.", migration, reason);
                outcomes.Add(new MigrationOutcome(migration, MigrationStatus.Skipped, Reason: reason));
                continue;
            }

            // Databases and the history table are created with the first pending migration, so a deployment
            // with nothing to do sends no statement at all.
            if (statements.Count == 0)
            {
                await RunAsync(migration, _history.BootstrapStatements(_logsDatabase), statements, dryRun, ct);
            }

            var rendered = migration.Render(_logsDatabase, _processingDatabase, Cluster);
            await RunAsync(migration, [.. rendered, _history.RecordStatement(migration, migration.ChecksumFor(Cluster))], statements, dryRun, ct);
            if (!dryRun)
            {
                _logger.LogInformation("Schema migration {Migration} applied.", migration);
            }

            outcomes.Add(new MigrationOutcome(migration, dryRun ? MigrationStatus.Planned : MigrationStatus.Applied, Sql: string.Join(";\n\n", rendered)));
        }

        return new SchemaDeployResult(outcomes, serverVersion, statements, dryRun) { Cluster = Cluster };
    }

    /// <summary>
    /// Compares recorded checksums with the ones this layout records (<paramref name="cluster"/> null: one server);
    /// throws for the first changed migration, naming all.
    /// </summary>
    internal static void ThrowOnDrift(IReadOnlyList<Migration> migrations, IReadOnlyDictionary<int, AppliedMigration> applied, string? cluster = null)
    {
        var drifted = migrations
            .Where(m => applied.ContainsKey(m.Version))
            .Select(m => (Migration: m, Stored: applied[m.Version].Checksum, Current: m.ChecksumFor(cluster)))
            .Where(d => !string.Equals(d.Stored, d.Current, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (drifted.Count == 0)
        {
            return;
        }

        var details = string.Join("; ", drifted.Select(d => $"{d.Migration} was applied with checksum {d.Stored} but is now {d.Current}"));
        var layout = cluster is null
            ? string.Empty
            : $" On a cluster the checksum covers the SQL as rendered for cluster '{cluster}' ({ClickHouseEnvironmentVariables.Cluster}), so a different cluster name also counts as a change.";
        var first = drifted[0];
        throw new SchemaDriftException(
            $"Schema drift: {details}. Applied migrations must not be edited; restore the original text and add a new migration for the change.{layout}",
            first.Migration.Version,
            first.Migration.ToString(),
            first.Stored,
            first.Current);
    }

    private static string ValidName(string name, string setting)
        => ClickHouseIdentifier.IsValid(name)
            ? name
            : throw new ClickHouseConfigurationException(
                $"{setting} must be a plain identifier (a letter or underscore, then letters, digits or underscores; at most 255 characters), but is '{name}'.");

    // Every migration statement is repeatable (IF NOT EXISTS, or an ALTER that sets a value), and a repeated record
    // only adds a duplicate row that reads collapse, so any statement may run again after a transient failure. Eight
    // repeats spaced 0.5 s doubling to 5 s wait 27.5 s in all: longer than replicated tables of 18.16 stay read-only
    // after ZooKeeper restarts with a short session check period, far shorter than a deployment is allowed to take.
    private ResiliencePipeline StatementRetry(TimeSpan delay) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ClickHouseServerException>(ex => ex.IsTransient && ex.ErrorCode != DistributedDdlTimeout),
            MaxRetryAttempts = 8,
            Delay = delay,
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(5),
            OnRetry = args =>
            {
                _logger.LogWarning(
                    "Schema statement failed with a transient error ({Error}); attempt {Attempt} in {Delay}.",
                    args.Outcome.Exception?.Message,
                    args.AttemptNumber + 2,
                    args.RetryDelay);
                return default;
            },
        })
        .Build();

    private async Task ThrowOnUnknownClusterAsync(CancellationToken ct)
    {
        if (Cluster is null)
        {
            return;
        }

        var known = await _client.QueryAsync(
            $"SELECT count() FROM system.clusters WHERE cluster = {ClickHouseLiteral.Quote(Cluster)}", cancellationToken: ct);
        if (Convert.ToInt64(known.FirstValue, CultureInfo.InvariantCulture) == 0)
        {
            throw new ClickHouseConfigurationException(
                $"{ClickHouseEnvironmentVariables.Cluster} is '{Cluster}', but the server knows no such cluster (system.clusters): use a cluster "
                + "name from the servers' remote_servers configuration, or leave it empty to deploy on one server.");
        }
    }

    private async Task RunAsync(Migration migration, IReadOnlyList<string> batch, List<string> statements, bool dryRun, CancellationToken ct)
    {
        foreach (var sql in batch)
        {
            statements.Add(sql);
            if (dryRun)
            {
                continue;
            }

            try
            {
                await CommandAsync(sql, ct);
            }
            catch (ClickHouseException ex)
            {
                if (Cluster is not null && IsTimeout(ex))
                {
                    _logger.LogError(
                        ex,
                        "Schema migration {Migration} timed out on cluster {Cluster}: ON CLUSTER waits for every node, so a node is probably down. "
                        + "The statement stays queued and runs when the node is back; deploy again then. Statement: {Sql}",
                        migration,
                        Cluster,
                        sql);
                }
                else
                {
                    _logger.LogError(ex, "Schema migration {Migration} failed; statement: {Sql}", migration, sql);
                }

                throw;
            }
        }
    }

    private async Task CommandAsync(string sql, CancellationToken ct) => await _statementRetry.ExecuteAsync(
        async (statement, token) => await _client.CommandAsync(statement, cancellationToken: token),
        sql,
        ct);

    // The server's distributed_ddl_task_timeout, or the client's own deadline (RetryTimeout, CommandTimeout) when it is shorter.
    private static bool IsTimeout(ClickHouseException exception)
        => exception is ClickHouseServerException { ErrorCode: DistributedDdlTimeout }
            || (exception is ClickHouseConnectionException && exception.InnerException is TimeoutException);

    private void WarnAboutUnknown(IReadOnlyDictionary<int, AppliedMigration> applied)
    {
        foreach (var record in applied.Values.Where(a => !Migrations.Any(m => m.Version == a.Version)))
        {
            _logger.LogWarning("Schema migration {Migration} is recorded on the server but unknown to this Ja4Data version (deployed by a newer one?).", record.Name);
        }
    }
}
