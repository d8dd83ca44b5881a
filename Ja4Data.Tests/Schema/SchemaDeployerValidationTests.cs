using Ja4Data.Schema;

namespace Ja4Data.Tests.Schema;

[TestFixture]
public sealed class SchemaDeployerValidationTests
{
    [TestCase("ja4-logs")]
    [TestCase("1logs")]
    [TestCase("logs`; DROP DATABASE x; --")]
    [TestCase("")]
    [TestCase("lögs")]
    public void Constructor_InvalidLogsName_ThrowsNamingTheSettingBeforeAnyQuery(string name)
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new SchemaDeployer(new UnreachableClient(), name, "ja4_processing"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("CLICKHOUSE_DB_LOGS").And.Not.Contain("CLICKHOUSE_DB_PROCESSING"));
            Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
        });
    }

    [Test]
    public void Constructor_InvalidProcessingName_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new SchemaDeployer(new UnreachableClient(), "ja4_logs", "ja4.processing"));

        Assert.That(ex!.Message, Does.Contain("CLICKHOUSE_DB_PROCESSING").And.Contain("ja4.processing"));
    }

    [Test]
    public void Constructor_ValidNames_TouchesNoServerAndListsTheEmbeddedMigrations()
    {
        var deployer = new SchemaDeployer(new UnreachableClient(), "_logs2", "Processing_3");

        Assert.That(deployer.Migrations, Is.SameAs(MigrationCatalog.Embedded));
    }

    [Test]
    public void ThrowOnDrift_ChangedChecksum_NamesMigrationAndBothChecksums()
    {
        var migrations = MigrationCatalog.Embedded;
        var applied = migrations.Take(3).ToDictionary(m => m.Version, m => new AppliedMigration(m.Version, m.ToString(), m.Checksum));
        applied[2] = applied[2] with { Checksum = new string('0', 64) };

        var ex = Assert.Throws<SchemaDriftException>(() => SchemaDeployer.ThrowOnDrift(migrations, applied));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Version, Is.EqualTo(2));
            Assert.That(ex.MigrationName, Is.EqualTo("0002_logs_http_logs"));
            Assert.That(ex.StoredChecksum, Is.EqualTo(new string('0', 64)));
            Assert.That(ex.CurrentChecksum, Is.EqualTo(migrations[1].Checksum));
            Assert.That(ex.Message, Does.Contain("0002_logs_http_logs").And.Contain(new string('0', 64)).And.Contain(migrations[1].Checksum));
            Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
        });
    }

    [Test]
    public void ThrowOnDrift_MatchingAndUnknownRecords_DoNotThrow()
    {
        var migrations = MigrationCatalog.Embedded;
        var applied = migrations.ToDictionary(m => m.Version, m => new AppliedMigration(m.Version, m.ToString(), m.Checksum.ToUpperInvariant()));
        applied[999] = new AppliedMigration(999, "0999_logs_from_the_future", "abc");

        Assert.DoesNotThrow(() => SchemaDeployer.ThrowOnDrift(migrations, applied));
    }

    [TestCase("18.16.1", 18, 16, 1, -1)]
    [TestCase("26.7.2.1", 26, 7, 2, 1)]
    [TestCase("23.8.1.2992-lts", 23, 8, 1, 2992)]
    [TestCase("20.3", 20, 3, -1, -1)]
    public void ClickHouseVersion_Parse_ReadsLeadingNumbers(string text, int major, int minor, int build, int revision)
    {
        var v = ClickHouseVersion.Parse(text);

        Assert.That((v.Major, v.Minor, v.Build, v.Revision), Is.EqualTo((major, minor, build, revision)));
    }

    [TestCase("")]
    [TestCase("unknown")]
    [TestCase("18")]
    public void ClickHouseVersion_Parse_Garbage_Throws(string text)
    {
        Assert.Throws<FormatException>(() => ClickHouseVersion.Parse(text));
    }
}
