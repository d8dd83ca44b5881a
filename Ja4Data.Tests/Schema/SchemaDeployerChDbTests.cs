using Ja4Data.LocalServer.ChDb;
using Ja4Data.Schema;
using Ja4Data.Sql;
using Ja4Data.Tests.ChDb;
using static Ja4Data.Tests.Schema.TestValues;

namespace Ja4Data.Tests.Schema;

/// <summary>The deployer against ClickHouse 26.7 (chDB), always under overridden database names.</summary>
[TestFixture]
public sealed class SchemaDeployerChDbTests
{
    private const string SampleLine =
        """{"ts":1700000000123,"src_ip":"10.1.2.3","src_port":51234,"host":"example.com","method":"GET","path":"/a?b=\"c\"","status":503,"ja4":"t13d1516h2_8daaf6152771_e5627efa2ab1","ja4h":"ge11nn05enus_a1b2c3d4e5f6_000000000000_000000000000","user_agent":"curl/8.0","bytes":1234,"latency_ms":12.5}""";

    private ChDbSession _chdb = null!;
    private ChDbClient _client = null!;
    private string _logs = null!;
    private string _processing = null!;

    [SetUp]
    public void SetUp()
    {
        _chdb = ChDbRequirement.Shared;
        _client = new ChDbClient(_chdb);
        _logs = ChDbRequirement.UniqueName("logs");
        _processing = ChDbRequirement.UniqueName("proc");
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _chdb.QueryText($"DROP DATABASE IF EXISTS {_processing} SYNC");
        _chdb.QueryText($"DROP DATABASE IF EXISTS {_logs} SYNC");
    }

    [Test]
    public async Task DeployAsync_FreshServer_AppliesAndRecordsEveryMigrationOn26_7()
    {
        var result = await Deployer().DeployAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ServerVersion.ToString(2), Is.EqualTo("26.7"));
            Assert.That(result.DryRun, Is.False);
            Assert.That(result.Outcomes.Select(o => (o.Migration.Version, o.Status)), Is.EqualTo(MigrationCatalog.Embedded.Select(m => (m.Version, MigrationStatus.Applied))));
            Assert.That(
                Lines($"SELECT version, name, checksum FROM {_processing}.schema_migrations ORDER BY version"),
                Is.EqualTo(MigrationCatalog.Embedded.Select(m => $"{m.Version}\t{m}\t{m.Checksum}")));
        });
    }

    [Test]
    public async Task DeployAsync_OverriddenNames_EveryObjectLandsThereAndNothingUnderTheDefaults()
    {
        await Deployer().DeployAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Lines($"SELECT name FROM system.tables WHERE database = '{_logs}' ORDER BY name"), Is.EqualTo(Expected("http_logs", "http_logs_raw", "mv_http_logs")));
            Assert.That(Lines($"SELECT name FROM system.tables WHERE database = '{_processing}' ORDER BY name"), Is.EqualTo(Expected("audit_logs", "ja4_client_ips", "ja4_hourly", "ja4_ip_daily", "known_fingerprints", "known_fingerprints_dict", "ml_detected_anomalies",
                "mv_ja4_client_ips", "mv_ja4_hourly", "mv_ja4_ip_daily", "schema_migrations", "v_ja4_hourly", "v_known_fingerprints", "v_recent_anomalies",
                "v_top_fingerprints_24h")));
            Assert.That(Lines("SELECT name FROM system.databases WHERE name IN ('ja4_logs', 'ja4_processing')"), Is.Empty);
            Assert.That(
                Lines($"SELECT name FROM system.tables WHERE database IN ('{_logs}', '{_processing}') AND (create_table_query LIKE '%ja4_logs%' OR create_table_query LIKE '%ja4_processing%')"),
                Is.Empty);
        });
    }

    [Test]
    public async Task DeployAsync_RawLineInserted_ArrivesParsedInHttpLogsAndTheAggregates()
    {
        await Deployer().DeployAsync();
        _chdb.QueryText($"INSERT INTO {_processing}.known_fingerprints (ja4, label, category, threat_level) VALUES ('t13d1516h2_8daaf6152771_e5627efa2ab1', 'curl', 'tool', 1)");

        _chdb.QueryText($"INSERT INTO {_logs}.http_logs_raw (raw) VALUES ('{SampleLine.Replace("\\", "\\\\", StringComparison.Ordinal)}')");

        Assert.Multiple(() =>
        {
            Assert.That(
                Lines($"SELECT toUnixTimestamp(timestamp), ts_ms, src_ip, src_port, host, method, path, status, ja4, ja4h, user_agent, bytes, latency_ms FROM {_logs}.http_logs"),
                Is.EqualTo(Expected("1700000000\t1700000000123\t10.1.2.3\t51234\texample.com\tGET\t/a?b=\"c\"\t503\tt13d1516h2_8daaf6152771_e5627efa2ab1\tge11nn05enus_a1b2c3d4e5f6_000000000000_000000000000\tcurl/8.0\t1234\t12.5")));
            Assert.That(
                Lines($"SELECT toUnixTimestamp(hour), ja4, requests, errors, bytes, avg_latency_ms, unique_ips, unique_hosts FROM {_processing}.v_ja4_hourly"),
                Is.EqualTo(Expected("1699999200\tt13d1516h2_8daaf6152771_e5627efa2ab1\t1\t1\t1234\t12.5\t1\t1")));
            Assert.That(
                Lines($"SELECT day, src_ip, requests, errors, bytes FROM {_processing}.ja4_ip_daily"),
                Is.EqualTo(Expected("2023-11-14\t10.1.2.3\t1\t1\t1234")));
            Assert.That(
                Lines($"SELECT src_ip, toUnixTimestamp64Milli(first_seen), requests FROM {_processing}.ja4_client_ips"),
                Is.EqualTo(Expected("::ffff:10.1.2.3\t1700000000123\t1")));
            Assert.That(
                Lines($"SELECT dictGet('{_processing}.known_fingerprints_dict', 'label', tuple('t13d1516h2_8daaf6152771_e5627efa2ab1'))"),
                Is.EqualTo(Expected("curl")));
        });
    }

    [Test]
    public async Task DeployAsync_RecentTraffic_DashboardViewsJoinTheLatestLabels()
    {
        await Deployer().DeployAsync();
        const string ja4 = "t13d1516h2_8daaf6152771_e5627efa2ab1";
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _chdb.QueryText($"INSERT INTO {_processing}.known_fingerprints (ja4, label, category, threat_level, updated_at) VALUES ('{ja4}', 'old', 'old', 9, now() - 60), ('{ja4}', 'curl', 'tool', 1, now())");
        _chdb.QueryText($"INSERT INTO {_processing}.ml_detected_anomalies (ja4, src_ip, anomaly_type, score) VALUES ('{ja4}', '10.1.2.3', 'burst', 0.9)");
        _chdb.QueryText($$"""INSERT INTO {{_logs}}.http_logs_raw (raw) VALUES ('{"ts":{{nowMs}},"ja4":"{{ja4}}","src_ip":"10.1.2.3","status":200}'), ('{"ts":{{nowMs}},"ja4":"{{ja4}}","src_ip":"10.1.2.4","status":404}')""");

        Assert.Multiple(() =>
        {
            Assert.That(Lines($"SELECT * FROM {_processing}.v_known_fingerprints"), Is.EqualTo(Expected($"{ja4}\tcurl\ttool\t1")));
            Assert.That(Lines($"SELECT * FROM {_processing}.v_top_fingerprints_24h"), Is.EqualTo(Expected($"{ja4}\t2\t1\t2\tcurl\ttool\t1")));
            Assert.That(Lines($"SELECT ja4, src_ip, anomaly_type, score, label, category FROM {_processing}.v_recent_anomalies"), Is.EqualTo(Expected($"{ja4}\t10.1.2.3\tburst\t0.9\tcurl\ttool")));
            Assert.That(Lines($"SELECT ja4, requests, errors, unique_ips FROM {_processing}.v_ja4_hourly"), Is.EqualTo(Expected($"{ja4}\t2\t1\t2")));
        });
    }

    [Test]
    public async Task DeployAsync_MalformedRawLine_StillAcceptedWithEmptyFields()
    {
        await Deployer().DeployAsync();

        _chdb.QueryText($"INSERT INTO {_logs}.http_logs_raw (raw) VALUES ('not json at all')");

        Assert.That(Lines($"SELECT ja4, status, timestamp = ingested_at FROM {_logs}.http_logs"), Is.EqualTo(Expected("\t0\t1")));
    }

    [Test]
    public async Task DeployAsync_Twice_SecondRunChangesNothing()
    {
        await Deployer().DeployAsync();
        var commandsAfterFirst = _client.Commands.Count;
        var before = Snapshot();

        var second = await Deployer().DeployAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.Outcomes.Select(o => o.Status), Is.All.EqualTo(MigrationStatus.AlreadyApplied));
            Assert.That(second.Statements, Is.Empty);
            Assert.That(_client.Commands, Has.Count.EqualTo(commandsAfterFirst));
            Assert.That(Snapshot(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task DeployAsync_AppliedMigrationTampered_ThrowsDriftAndRunsNothing()
    {
        await Deployer().DeployAsync();
        var original = MigrationCatalog.Embedded[1];
        var tampered = MigrationCatalog.Parse($"{original}.sql", original.Sql.Replace("latency_ms Float64", "latency_ms Float32", StringComparison.Ordinal));
        var migrations = MigrationCatalog.Embedded.Select(m => m.Version == tampered.Version ? tampered : m).ToList();
        var client = new ChDbClient(_chdb);

        var ex = Assert.ThrowsAsync<SchemaDriftException>(() => new SchemaDeployer(client, _logs, _processing, migrations).DeployAsync());

        Assert.Multiple(() =>
        {
            Assert.That(tampered.Checksum, Is.Not.EqualTo(original.Checksum));
            Assert.That(ex!.MigrationName, Is.EqualTo("0002_logs_http_logs"));
            Assert.That(ex.StoredChecksum, Is.EqualTo(original.Checksum));
            Assert.That(ex.CurrentChecksum, Is.EqualTo(tampered.Checksum));
            Assert.That(ex.Message, Does.Contain("0002_logs_http_logs").And.Contain(original.Checksum).And.Contain(tampered.Checksum));
            Assert.That(client.Commands, Is.Empty);
        });
    }

    [Test]
    public async Task DeployAsync_DryRun_ExecutesNothingAndItsStatementsAreTheWholeDeployment()
    {
        var dry = await Deployer().DeployAsync(dryRun: true);

        Assert.Multiple(() =>
        {
            Assert.That(dry.DryRun, Is.True);
            Assert.That(_client.Commands, Is.Empty);
            Assert.That(Lines($"SELECT name FROM system.databases WHERE name IN ('{_logs}', '{_processing}')"), Is.Empty);
            Assert.That(dry.Outcomes.Select(o => o.Status), Is.All.EqualTo(MigrationStatus.Planned));
            Assert.That(dry.Statements[0], Is.EqualTo($"CREATE DATABASE IF NOT EXISTS `{_logs}`"));
            Assert.That(dry.Outcomes[0].Sql, Does.StartWith($"CREATE TABLE IF NOT EXISTS `{_logs}`.http_logs_raw"));
        });

        // Running the printed statements by hand must leave nothing for a real deployment to do.
        foreach (var statement in dry.Statements)
        {
            _chdb.QueryText(statement);
        }

        var real = await Deployer().DeployAsync();
        Assert.That(real.Outcomes.Select(o => o.Status), Is.All.EqualTo(MigrationStatus.AlreadyApplied));
    }

    [Test]
    public async Task DeployAsync_MigrationNeedsNewerServer_SkippedWithNoteNotRecordedAndRetriedLater()
    {
        var future = MigrationCatalog.Parse(
            "0900_processing_future.sql",
            "-- min-server-version: 99.1\nCREATE TABLE IF NOT EXISTS {processing_db}.future (x UInt8) ENGINE = Memory");
        var migrations = MigrationCatalog.Embedded.Append(future).ToList();

        var first = await Deployer(migrations).DeployAsync();
        var second = await Deployer(migrations).DeployAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcomes[^1].Status, Is.EqualTo(MigrationStatus.Skipped));
            Assert.That(first.Outcomes[^1].Reason, Does.Contain("99.1").And.Contain("26.7"));
            Assert.That(second.Outcomes[^1].Status, Is.EqualTo(MigrationStatus.Skipped));
            Assert.That(second.Outcomes.Take(migrations.Count - 1).Select(o => o.Status), Is.All.EqualTo(MigrationStatus.AlreadyApplied));
            Assert.That(Lines($"SELECT count() FROM system.tables WHERE database = '{_processing}' AND name = 'future'"), Is.EqualTo(Expected("0")));
            Assert.That(Lines($"SELECT count() FROM {_processing}.schema_migrations WHERE version = 900"), Is.EqualTo(Expected("0")));
        });
    }

    [Test]
    public async Task DeployAsync_NewMigrationAfterEarlierDeployment_AppliesOnlyThatOne()
    {
        await Deployer().DeployAsync();
        var next = MigrationCatalog.Parse("0901_processing_next.sql", "CREATE TABLE IF NOT EXISTS {processing_db}.next_table (x UInt8) ENGINE = Memory");

        var result = await Deployer(MigrationCatalog.Embedded.Append(next).ToList()).DeployAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcomes.Where(o => o.Status == MigrationStatus.Applied).Select(o => o.Migration.Version), Is.EqualTo(Expected(901)));
            Assert.That(result.Statements[^2], Is.EqualTo($"CREATE TABLE IF NOT EXISTS `{_processing}`.next_table (x UInt8) ENGINE = Memory"));
            Assert.That(Lines($"SELECT name FROM {_processing}.schema_migrations WHERE version = 901"), Is.EqualTo(Expected("0901_processing_next")));
        });
    }

    [Test]
    public void Render_Cluster_EveryStatementParsesOn26_7()
    {
        // chDB has no ZooKeeper, so the cluster layout cannot run here; its parser still checks the statements that
        // only current servers run (TTL, dictionary, ja4_client_ips) and the rest.
        var statements = new SchemaDeployer(new UnreachableClient(), _logs, _processing, cluster: "ja4").Migrations
            .SelectMany(m => m.Render(_logs, _processing, "ja4"))
            .ToList();

        Assert.That(statements, Has.Count.GreaterThan(20));
        foreach (var statement in statements)
        {
            Assert.That(() => _chdb.QueryText($"SELECT formatQuery({ClickHouseLiteral.Quote(statement)})"), Throws.Nothing, statement);
        }
    }

    private SchemaDeployer Deployer(IReadOnlyList<Migration>? migrations = null) => new(_client, _logs, _processing, migrations);

    private string[] Lines(string sql) => _chdb.QueryText(sql).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string[] Snapshot() => Lines(
        $"SELECT database, name, engine, create_table_query, metadata_modification_time, total_rows FROM system.tables WHERE database IN ('{_logs}', '{_processing}') ORDER BY database, name");
}
