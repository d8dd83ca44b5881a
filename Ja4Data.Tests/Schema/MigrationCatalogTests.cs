using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ja4Data.Schema;
using static Ja4Data.Tests.Schema.TestValues;

namespace Ja4Data.Tests.Schema;

[TestFixture]
public sealed class MigrationCatalogTests
{
    private static IReadOnlyList<Migration> Embedded => MigrationCatalog.Embedded;

    [Test]
    public void Embedded_Versions_AreOneToNInOrder()
    {
        Assert.That(Embedded.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, Embedded.Count)));
    }

    [Test]
    public void Embedded_FileNames_GiveDatabaseAndName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Embedded[0], Has.Property(nameof(Migration.Name)).EqualTo("http_logs_raw").And.Property(nameof(Migration.Database)).EqualTo("logs"));
            Assert.That(Embedded[0].ToString(), Is.EqualTo("0001_logs_http_logs_raw"));
            Assert.That(Embedded.Select(m => m.Database), Is.All.AnyOf("logs", "processing"));
            Assert.That(Embedded.Select(m => m.Name), Does.Contain("http_logs").And.Contain("mv_http_logs").And.Contain("audit_logs")
                .And.Contain("ml_detected_anomalies").And.Contain("known_fingerprints"));
        });
    }

    [Test]
    public void Embedded_OnlyModernFeatureMigrations_DeclareAMinimumVersion()
    {
        var gated = Embedded.Where(m => m.MinServerVersion is not null).ToDictionary(m => m.ToString(), m => m.MinServerVersion!.ToString());

        Assert.That(gated, Is.EqualTo(new Dictionary<string, string>
        {
            ["0010_logs_http_logs_raw_ttl"] = "20.3",
            ["0011_processing_known_fingerprints_dictionary"] = "20.3",
            ["0012_processing_ja4_client_ips"] = "23.3",
        }));
    }

    [Test]
    public void Embedded_On18_16_SkipsExactlyTheGatedMigrations()
    {
        var server = new Version(18, 16, 1);

        Assert.That(Embedded.Where(m => !m.RunsOn(server)).Select(m => m.Version), Is.EqualTo(Expected(10, 11, 12)));
    }

    [Test]
    public void Embedded_Checksums_AreSha256HexOfTheSingleServerRendering()
    {
        foreach (var m in Embedded)
        {
            var single = MigrationTemplate.ResolveLayout(m.Sql, cluster: null);
            Assert.That(m.Checksum, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(single)))), m.ToString());
        }
    }

    // The checksums these migrations were recorded with before cluster support: their single-server rendering must
    // stay byte-identical, or every existing deployment would stop with drift after an upgrade.
    [Test]
    public void Embedded_MigrationsShippedBeforeClusterSupport_KeepTheirRecordedChecksums()
    {
        string[] recorded =
        [
            "74a971b5bab908db1f6fdbda64b2a690c7d6030ef7b73d04ac716abf4ce44ca0",
            "a364ae4635dfbf3206cade9043864a81cd7451d42f8b80b07f05402113be2e61",
            "1715f68edc5d061cc996885ae24876ba2503df9a5ec79cdf6bf0cf904c1d4a94",
            "8dd01d07d427183ed87e3ddb8f2de06800b7e2572b82bb70fa6da869dc231cb7",
            "6ecc0c5e3f04d33539b31dc8b2498606dbeda145246b58dd7e66fbada5b25176",
            "9a2f398ce6ce22229849f2feec2080303f8fb32c312304a1e1eb0df716041a71",
            "f4e24c4bda3d67d0bf77f944916ed66a90fb114006a64bf8c1eba038c0e9e021",
            "ba76927d918ae6de832571658d64cae69b854dbfe0ad05e33cfa697dedad833a",
            "a4b6b54429564d5451a68f662d88ef870a63fe4b1b765cb895c56776dc8853bc",
            "95973db632e5d024bc6a0ad78b2409a62c8cad4c49ade2e9efe0cb2851be273f",
            "0d15245a18f967271d6da2b2a11435abaab732bf841d27ff0287e24a1446ee62",
            "d55cbe8aee7ef6ae5cc386aa1cec5509fbd69903479108c2d65b03d91652a95b",
        ];

        Assert.That(Embedded.Take(recorded.Length).Select(m => m.Checksum), Is.EqualTo(recorded));
    }

    [Test]
    public void Embedded_EveryStatement_IsRepeatableAfterAPartialFailure()
    {
        // ClickHouse DDL is not transactional: a migration that failed half-way runs again from its first statement.
        var repeatable = new Regex(
            @"^(CREATE (TABLE|VIEW|MATERIALIZED VIEW|DICTIONARY) IF NOT EXISTS |ALTER TABLE \S+( ON CLUSTER `c`)? MODIFY TTL )", RegexOptions.CultureInvariant);

        foreach (var m in Embedded)
        {
            foreach (var statement in m.Render("l", "p").Concat(m.Render("l", "p", "c")))
            {
                Assert.That(repeatable.IsMatch(statement), Is.True, $"{m}: {statement}");
            }
        }
    }

    [Test]
    public void Embedded_EveryObjectAndReference_GoesThroughAPlaceholder()
    {
        var created = new Regex(@"^\s*(CREATE \w+( VIEW)? IF NOT EXISTS|ALTER TABLE|TO|FROM|JOIN)\s+(?<target>[^\s(]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        foreach (var m in Embedded)
        {
            var single = MigrationTemplate.ResolveLayout(m.Sql, cluster: null);
            Assert.That(m.Sql, Does.Not.Contain("ja4_logs").And.Not.Contain("ja4_processing"), m.ToString());
            foreach (Match match in created.Matches(single))
            {
                Assert.That(match.Groups["target"].Value, Does.Match(@"^\{(logs|processing)_db\}\.\w+$"), $"{m}: {match.Value}");
            }
        }
    }

    [Test]
    public void Render_Placeholders_BecomeBackQuotedNames()
    {
        var mv = Embedded.Single(m => m.Name == "mv_http_logs");

        var sql = string.Join("\n", mv.Render("my_logs", "my_processing"));

        Assert.Multiple(() =>
        {
            Assert.That(sql, Does.Contain("`my_logs`.mv_http_logs").And.Contain("TO `my_logs`.http_logs").And.Contain("FROM `my_logs`.http_logs_raw"));
            Assert.That(sql, Does.Not.Contain("{"));
        });
    }

    [Test]
    public void Parse_Header_ReadsMinServerVersionAndIgnoresProse()
    {
        var m = MigrationCatalog.Parse("0042_processing_thing.sql", "-- Why this exists. Note: prose is fine.\n-- min-server-version: 21.8\nCREATE TABLE IF NOT EXISTS {processing_db}.thing (x UInt8) ENGINE = Memory\n");

        Assert.Multiple(() =>
        {
            Assert.That(m.Version, Is.EqualTo(42));
            Assert.That(m.Database, Is.EqualTo("processing"));
            Assert.That(m.Name, Is.EqualTo("thing"));
            Assert.That(m.MinServerVersion, Is.EqualTo(new Version(21, 8)));
        });
    }

    [Test]
    public void Parse_NoHeader_RunsEverywhere()
    {
        var m = MigrationCatalog.Parse("0001_logs_t.sql", "CREATE TABLE IF NOT EXISTS {logs_db}.t (x UInt8) ENGINE = Memory");

        Assert.Multiple(() =>
        {
            Assert.That(m.MinServerVersion, Is.Null);
            Assert.That(m.RunsOn(new Version(1, 1)), Is.True);
        });
    }

    [TestCase("-- min-server-version: 20.3\n", "20.3", "20.3", true)]
    [TestCase("-- min-server-version: 20.3\n", "20.3.1.2", "20.3", true)]
    [TestCase("-- min-server-version: 20.3\n", "20.2.9", "20.3", false)]
    [TestCase("-- min-server-version: 23.3\n", "26.7.2.1", "23.3", true)]
    public void RunsOn_ComparesServerWithMinimum(string header, string server, string minimum, bool runs)
    {
        var m = MigrationCatalog.Parse("0001_logs_t.sql", header + "SELECT 1");

        Assert.Multiple(() =>
        {
            Assert.That(m.MinServerVersion, Is.EqualTo(Version.Parse(minimum)));
            Assert.That(m.RunsOn(ClickHouseVersion.Parse(server)), Is.EqualTo(runs));
        });
    }

    [TestCase("-- min-server-versoin: 20.3\nSELECT 1", "unknown header")]
    [TestCase("-- min-server-version: 20\nSELECT 1", "major.minor")]
    [TestCase("-- min-server-version: 20.3.1\nSELECT 1", "major.minor")]
    [TestCase("-- min-server-version: latest\nSELECT 1", "major.minor")]
    [TestCase("CREATE TABLE {log_db}.t (x UInt8) ENGINE = Memory", "{log_db}")]
    [TestCase("-- nothing but a comment\n;\n", "no statement")]
    [TestCase("SELECT 'unterminated", "Unterminated")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.{local:t}{on_cluster} (x UInt8) ENGINE = {engine:Memory} ORDER BY x{distributed:cityHash64(x)}", "MergeTree-family")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.{local:t} (x UInt8) ENGINE = {engine:MergeTree} ORDER BY x{distributed:rand()}", "deterministic")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.{local:t} (x UInt8) ENGINE = {engine:MergeTree} ORDER BY x{distributed:now()}", "deterministic")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.{local:t} (x UInt8) ENGINE = {engine:MergeTree} ORDER BY x{distributed: }", "deterministic")]
    [TestCase("CREATE TABLE IF NOT EXISTS {local:t} (x UInt8) ENGINE = {engine:MergeTree} ORDER BY x", "must follow")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.{local:T} (x UInt8) ENGINE = {engine:MergeTree} ORDER BY x", "lower case")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.t (x UInt8) ENGINE = {engine:MergeTree} ORDER BY x", "has no table")]
    [TestCase("CREATE TABLE IF NOT EXISTS {logs_db}.{local:t} (x UInt8) ENGINE = MergeTree ORDER BY x{distributed:cityHash64(x)}", "must end the CREATE TABLE")]
    [TestCase("CREATE VIEW IF NOT EXISTS {logs_db}.v{on_cluster_} AS SELECT 1", "{on_cluster_}")]
    [TestCase("CREATE VIEW IF NOT EXISTS {logs_db}.v{on_cluster:x} AS SELECT 1", "{on_cluster:x}")]
    [TestCase("CREATE VIEW IF NOT EXISTS {logs_db:x}.v AS SELECT 1", "{logs_db:x}")]
    public void Parse_MalformedMigration_ThrowsNamingTheProblem(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => MigrationCatalog.Parse("0001_logs_t.sql", text));

        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [TestCase("1_logs_t.sql")]
    [TestCase("0001_other_t.sql")]
    [TestCase("0001_logs_T.sql")]
    [TestCase("0001_logs_t.txt")]
    [TestCase("0001_logs_.sql")]
    public void Parse_BadFileName_Throws(string fileName)
    {
        var ex = Assert.Throws<FormatException>(() => MigrationCatalog.Parse(fileName, "SELECT 1"));

        Assert.That(ex!.Message, Does.Contain(fileName));
    }

    [Test]
    public void Parse_CrLfAndByteOrderMark_SameChecksumAsLf()
    {
        const string lf = "-- min-server-version: 20.3\nSELECT 1;\nSELECT 2\n";

        var fromLf = MigrationCatalog.Parse("0001_logs_t.sql", lf);
        var fromCrLf = MigrationCatalog.Parse("0001_logs_t.sql", "\uFEFF" + lf.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.That(fromCrLf.Checksum, Is.EqualTo(fromLf.Checksum));
    }

    [Test]
    public void Parse_AnyEdit_ChangesTheChecksum()
    {
        var a = MigrationCatalog.Parse("0001_logs_t.sql", "SELECT 1");
        var b = MigrationCatalog.Parse("0001_logs_t.sql", "SELECT 1 ");

        Assert.That(b.Checksum, Is.Not.EqualTo(a.Checksum));
    }

    [Test]
    public void Order_SortsByVersionAndRejectsDuplicates()
    {
        var one = MigrationCatalog.Parse("0001_logs_a.sql", "SELECT 1");
        var two = MigrationCatalog.Parse("0002_logs_b.sql", "SELECT 2");
        var twoAgain = MigrationCatalog.Parse("0002_processing_c.sql", "SELECT 3");

        Assert.Multiple(() =>
        {
            Assert.That(MigrationCatalog.Order([two, one]), Is.EqualTo(Expected(one, two)));
            Assert.That(() => MigrationCatalog.Order([one, two, twoAgain]), Throws.TypeOf<FormatException>().With.Message.Contain("0002_logs_b").And.Message.Contain("0002_processing_c"));
        });
    }
}
