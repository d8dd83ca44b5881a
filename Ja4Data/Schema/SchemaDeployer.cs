using System.Globalization;
using Ja4Data.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ja4Data;

/// <summary>
/// Deploys the ja4 schema (the migrations embedded in Ja4Data) into the configured logs and processing databases.
/// Idempotent: applied migrations are recorded with checksums in <c>schema_migrations</c> in the processing database
/// and not run again; a recorded migration whose text has changed stops the deployment as drift.
/// </summary>
/// <remarks>
/// Migrations that declare a minimum server version are skipped with a note on older servers and run once the
/// server is upgraded, so one schema serves ClickHouse 18.16 and current releases. Safe to call at every service
/// start-up. ClickHouse DDL is not transactional: if a migration fails part-way, its statements (all written to be
/// repeatable) run again on the next deployment.
/// </remarks>
public sealed class SchemaDeployer
{
    private const string LogsSetting = "CLICKHOUSE_DB_LOGS";
    private const string ProcessingSetting = "CLICKHOUSE_DB_PROCESSING";

    private readonly IClickHouseClient _client;
    private readonly string _logsDatabase;
    private readonly string _processingDatabase;
    private readonly MigrationHistory _history;
    private readonly ILogger _logger;

    /// <summary>Creates a deployer for the databases named by <see cref="ClickHouseSettings.DbLogs"/> and <see cref="ClickHouseSettings.DbProcessing"/>.</summary>
    /// <exception cref="ClickHouseConfigurationException">A database name is not a plain identifier; nothing has run.</exception>
    public SchemaDeployer(IClickHouseClient client, ClickHouseSettings settings, ILogger? logger = null)
        : this(client, (settings ?? throw new ArgumentNullException(nameof(settings))).DbLogs, settings.DbProcessing, migrations: null, logger)
    {
    }

    /// <summary>Creates a deployer for explicit database names and, for tests, an explicit migration list.</summary>
    internal SchemaDeployer(IClickHouseClient client, string logsDatabase, string processingDatabase, IReadOnlyList<Migration>? migrations = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _logsDatabase = ValidDatabaseName(logsDatabase, LogsSetting);
        _processingDatabase = ValidDatabaseName(processingDatabase, ProcessingSetting);
        _client = client;
        _history = new MigrationHistory(client, _processingDatabase);
        _logger = logger ?? NullLogger.Instance;
        Migrations = migrations is null ? MigrationCatalog.Embedded : MigrationCatalog.Order(migrations);
    }

    /// <summary>The migrations this deployer applies, in version order.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// Brings the schema up to date: applies every pending migration the server is new enough for and records it.
    /// With <paramref name="dryRun"/> only reads, and returns the statements it would run.
    /// </summary>
    /// <exception cref="SchemaDriftException">An applied migration has changed; raised before anything runs.</exception>
    /// <exception cref="ClickHouseException">A statement failed; the migrations before it stay applied and recorded.</exception>
    public async Task<SchemaDeployResult> DeployAsync(bool dryRun = false, CancellationToken ct = default)
    {
        var version = await _client.QueryAsync("SELECT version()", cancellationToken: ct);
        var serverVersion = ClickHouseVersion.Parse(Convert.ToString(version.FirstValue, CultureInfo.InvariantCulture));
        var applied = await _history.ReadAsync(ct);
        ThrowOnDrift(Migrations, applied);
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

            var rendered = migration.Render(_logsDatabase, _processingDatabase);
            await RunAsync(migration, [.. rendered, _history.RecordStatement(migration)], statements, dryRun, ct);
            if (!dryRun)
            {
                _logger.LogInformation("Schema migration {Migration} applied.", migration);
            }

            outcomes.Add(new MigrationOutcome(migration, dryRun ? MigrationStatus.Planned : MigrationStatus.Applied, Sql: string.Join(";\n\n", rendered)));
        }

        return new SchemaDeployResult(outcomes, serverVersion, statements, dryRun);
    }

    /// <summary>Compares recorded checksums with the shipped ones; throws for the first changed migration, naming all.</summary>
    internal static void ThrowOnDrift(IReadOnlyList<Migration> migrations, IReadOnlyDictionary<int, AppliedMigration> applied)
    {
        var drifted = migrations
            .Where(m => applied.TryGetValue(m.Version, out var a) && !string.Equals(a.Checksum, m.Checksum, StringComparison.OrdinalIgnoreCase))
            .Select(m => (Migration: m, Stored: applied[m.Version].Checksum))
            .ToList();
        if (drifted.Count == 0)
        {
            return;
        }

        var details = string.Join("; ", drifted.Select(d => $"{d.Migration} was applied with checksum {d.Stored} but is now {d.Migration.Checksum}"));
        var first = drifted[0];
        throw new SchemaDriftException(
            $"Schema drift: {details}. Applied migrations must not be edited; restore the original text and add a new migration for the change.",
            first.Migration.Version,
            first.Migration.ToString(),
            first.Stored,
            first.Migration.Checksum);
    }

    private static string ValidDatabaseName(string name, string setting)
        => ClickHouseIdentifier.IsValid(name)
            ? name
            : throw new ClickHouseConfigurationException(
                $"{setting} must be a plain identifier (a letter or underscore, then letters, digits or underscores; at most 255 characters), but is '{name}'.");

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
                await _client.CommandAsync(sql, cancellationToken: ct);
            }
            catch (ClickHouseException ex)
            {
                _logger.LogError(ex, "Schema migration {Migration} failed; statement: {Sql}", migration, sql);
                throw;
            }
        }
    }

    private void WarnAboutUnknown(IReadOnlyDictionary<int, AppliedMigration> applied)
    {
        foreach (var record in applied.Values.Where(a => !Migrations.Any(m => m.Version == a.Version)))
        {
            _logger.LogWarning("Schema migration {Migration} is recorded on the server but unknown to this Ja4Data version (deployed by a newer one?).", record.Name);
        }
    }
}
