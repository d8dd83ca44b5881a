using System.Globalization;
using Ja4Data.Schema;

namespace Ja4Data.IntegrationTests.Schema;

/// <summary>The schema deployer against the live server (ClickHouse 18.16 here), always under overridden names.</summary>
[TestFixture]
public sealed class SchemaDeployerLiveTests
{
    private const string Ja4 = "t13d1516h2_8daaf6152771_e5627efa2ab1";

    private ClickHouseClient _client = null!;
    private ScratchDatabases _databases = null!;

    [SetUp]
    public void SetUp()
    {
        _databases = ScratchDatabases.Create("it_schema");
        _client = new ClickHouseClient(Settings());
    }

    [TearDown]
    public async Task TearDown()
    {
        await _databases.DropAsync();
        await _client.DisposeAsync();
    }

    [Test]
    public async Task DeployAsync_LiveServer_AppliesWhatTheServerSupportsAndSkipsTheRestWithANote()
    {
        var result = await Deployer().DeployAsync();

        Assert.Multiple(() =>
        {
            foreach (var outcome in result.Outcomes)
            {
                var expected = outcome.Migration.RunsOn(result.ServerVersion) ? MigrationStatus.Applied : MigrationStatus.Skipped;
                Assert.That(outcome.Status, Is.EqualTo(expected), outcome.Migration.ToString());
                if (expected == MigrationStatus.Skipped)
                {
                    Assert.That(outcome.Reason, Does.Contain(outcome.Migration.MinServerVersion!.ToString()).And.Contain(result.ServerVersion.ToString()));
                }
            }
        });
        var recorded = await Strings($"SELECT name FROM {_databases.Processing}.schema_migrations ORDER BY version");
        Assert.That(recorded, Is.EqualTo(result.Outcomes.Where(o => o.Status == MigrationStatus.Applied).Select(o => o.Migration.ToString())));
    }

    [Test]
    public async Task DeployAsync_OverriddenNames_EverythingLandsThereNothingUnderTheDefaults()
    {
        var defaultsBefore = await Strings("SELECT name FROM system.databases WHERE name IN ('ja4_logs', 'ja4_processing') ORDER BY name");

        await Deployer().DeployAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Strings($"SELECT name FROM system.tables WHERE database = '{_databases.Logs}' ORDER BY name"), Is.EqualTo(new List<string> { "http_logs", "http_logs_raw", "mv_http_logs" }));
            Assert.That(await Strings($"SELECT name FROM system.tables WHERE database = '{_databases.Processing}' ORDER BY name"), Does.Contain("audit_logs").And.Contain("ml_detected_anomalies")
                .And.Contain("known_fingerprints").And.Contain("ja4_hourly").And.Contain("mv_ja4_hourly").And.Contain("v_top_fingerprints_24h").And.Contain("schema_migrations"));
            Assert.That(await Strings("SELECT name FROM system.databases WHERE name IN ('ja4_logs', 'ja4_processing') ORDER BY name"), Is.EqualTo(defaultsBefore));
        });
    }

    [Test]
    public async Task DeployAsync_RawLineInserted_ArrivesParsedAndAggregatedInTheConfiguredDatabases()
    {
        await Deployer().DeployAsync();
        const string line = """{"ts":1700000000123,"src_ip":"10.1.2.3","src_port":51234,"host":"example.com","method":"GET","path":"/a","status":503,"ja4":"t13d1516h2_8daaf6152771_e5627efa2ab1","ja4h":"ge11nn05enus_x","user_agent":"curl/8.0","bytes":1234,"latency_ms":12.5}""";

        // INSERT ... SELECT keeps the row server-side, independent of how the client sends inline VALUES.
        await _client.CommandAsync($"INSERT INTO {_databases.Logs}.http_logs_raw (raw) SELECT '{line}'");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(
                await Strings($"SELECT concat(toString(toUnixTimestamp(timestamp)), ' ', src_ip, ' ', toString(src_port), ' ', host, ' ', toString(status), ' ', ja4, ' ', toString(bytes), ' ', toString(latency_ms)) FROM {_databases.Logs}.http_logs"),
                Is.EqualTo(new List<string> { $"1700000000 10.1.2.3 51234 example.com 503 {Ja4} 1234 12.5" }));
            Assert.That(
                await Strings($"SELECT concat(ja4, ' ', toString(requests), ' ', toString(errors), ' ', toString(bytes)) FROM {_databases.Processing}.v_ja4_hourly"),
                Is.EqualTo(new List<string> { $"{Ja4} 1 1 1234" }));
        });
    }

    [Test]
    public async Task DeployAsync_Twice_SecondRunChangesNothing()
    {
        await Deployer().DeployAsync();
        var snapshot = $"SELECT concat(database, '.', name, ' ', engine, ' ', toString(metadata_modification_time)) FROM system.tables WHERE database IN ('{_databases.Logs}', '{_databases.Processing}') ORDER BY database, name";
        var before = await Strings(snapshot);

        var second = await Deployer().DeployAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(second.Statements, Is.Empty);
            Assert.That(second.Outcomes.Select(o => o.Status), Is.All.AnyOf(MigrationStatus.AlreadyApplied, MigrationStatus.Skipped));
            Assert.That(await Strings(snapshot), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task DeployAsync_TamperedMigration_ReportedAsDrift()
    {
        await Deployer().DeployAsync();
        var original = MigrationCatalog.Embedded[1];
        var tampered = MigrationCatalog.Parse($"{original}.sql", original.Sql + "\n-- edited after it was applied\n");
        var migrations = MigrationCatalog.Embedded.Select(m => m.Version == tampered.Version ? tampered : m).ToList();

        var ex = Assert.ThrowsAsync<SchemaDriftException>(() => new SchemaDeployer(_client, _databases.Logs, _databases.Processing, migrations).DeployAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.MigrationName, Is.EqualTo(original.ToString()));
            Assert.That(ex.StoredChecksum, Is.EqualTo(original.Checksum));
            Assert.That(ex.CurrentChecksum, Is.EqualTo(tampered.Checksum));
        });
    }

    [Test]
    public async Task DeployAsync_DryRun_CreatesNothing()
    {
        var dry = await Deployer().DeployAsync(dryRun: true);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(dry.Statements, Is.Not.Empty);
            Assert.That(await Strings($"SELECT name FROM system.databases WHERE name IN ('{_databases.Logs}', '{_databases.Processing}')"), Is.Empty);
        });
    }

    private SchemaDeployer Deployer() => new(_client, Settings());

    // Connects to `default`: the databases under test do not exist until the deployer creates them.
    private ClickHouseSettings Settings() => _databases.Apply(TestSettings.Shared());

    private async Task<List<string>> Strings(string sql)
        => (await _client.QueryAsync(sql)).ResultRows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)!).ToList();
}
