using System.Reflection;
using E = Ja4Data.ClickHouseEnvironmentVariables;

namespace Ja4Data.Tests.Configuration;

[TestFixture]
public sealed class ClickHouseSettingsValidationTests
{
    private const string Seconds = "a number of seconds greater than 0 and at most 86400 (decimals allowed)";
    private const string Hosts = "a host name or IP address with an optional :port, or a comma-separated list of them (IPv6 in brackets: [::1]:9000)";
    private const string Identifier =
        "a plain identifier (a letter or underscore, then letters, digits or underscores; at most 255 characters)";

    private static readonly object[] BadValues =
    [
        new object[] { E.Host, "", Hosts + ", got '': the host list is empty" },
        new object[] { E.Host, "my host", Hosts + ", got 'my host': entry 1 'my host' contains a space or control character" },
        new object[] { E.Port, "abc", "an integer from 1 to 65535" },
        new object[] { E.Port, "0", "an integer from 1 to 65535" },
        new object[] { E.Port, "65536", "an integer from 1 to 65535" },
        new object[] { E.Port, "9000.5", "an integer from 1 to 65535" },
        new object[] { E.Database, "ja4 logs", Identifier },
        new object[] { E.User, "", "a non-empty string" },
        new object[] { E.DbLogs, "a`b", Identifier },
        new object[] { E.DbProcessing, "", Identifier },
        new object[] { E.DbProcessing, "1abc", Identifier },
        new object[] { E.Secure, "maybe", "true or false (also 1/0, yes/no, on/off)" },
        new object[] { E.TlsCaFile, "   ", "a file path, or empty for none" },
        new object[] { E.TlsCheckRevocation, "crl", "one of none, online or offline (also true = online, false = none)" },
        new object[] { E.Compression, "gzip", "one of none, lz4 or zstd" },
        new object[] { E.Compression, "1", "one of none, lz4 or zstd" },
        new object[] { E.ConnectTimeout, "0", Seconds },
        new object[] { E.ConnectTimeout, "ten", Seconds },
        new object[] { E.ConnectTimeout, "1e3", Seconds },
        new object[] { E.ConnectTimeout, "86400.5", Seconds },
        new object[] { E.ConnectTimeout, "99999999999999999999999999", Seconds },
        new object[] { E.CommandTimeout, "-1", "a number of seconds from 0 to 86400 (decimals allowed; 0 = no limit)" },
        new object[] { E.PoolMaxSize, "0", "an integer from 1 to 4096" },
        new object[] { E.PoolMinSize, "-1", "an integer from 0 to 4096" },
        new object[] { E.PoolAcquireTimeout, "0", Seconds },
        new object[] { E.PoolIdleTimeout, "-5", Seconds },
        new object[] { E.PoolValidateAfter, "-0.5", "a number of seconds from 0 to 86400 (decimals allowed; 0 = ping before every lease)" },
        new object[] { E.PoolConnectionLifetime, "1h", "a number of seconds from 0 to 86400 (decimals allowed; 0 = unlimited)" },
        new object[] { E.RetryMaxAttempts, "101", "an integer from 0 to 100" },
        new object[] { E.RetryBaseDelay, "0", Seconds },
        new object[] { E.RetryMaxDelay, "0", Seconds },
        new object[] { E.RetryTimeout, "0", Seconds },
        new object[] { E.InsertBlockSize, "0", "an integer from 1 to 100000000" },
        new object[] { E.MaxBlockBytes, "1000", "a number of bytes from 1048576 to 17179869184" },
        new object[] { E.MaxBlockBytes, "1GiB", "a number of bytes from 1048576 to 17179869184" },
        new object[] { E.TraceQueryText, "yes please", "true or false (also 1/0, yes/no, on/off)" },
        new object[] { E.SlowStatementThreshold, "-1", "a number of seconds from 0 to 86400 (decimals allowed; 0 = off)" },
        new object[] { E.PersistSecurityInfo, "sometimes", "true or false (also 1/0, yes/no, on/off)" },
        new object[] { E.ClientName, "", "a non-empty string" },
        new object[] { E.LoadBalancing, "nearest_hostname", "one of in_order, round_robin or random" },
        new object[] { E.HostRecheckInterval, "0", Seconds },
        new object[] { E.InsertRetryDeduplicated, "sometimes", "true or false (also 1/0, yes/no, on/off)" },
        new object[] { E.Cluster, "ja4-prod", "empty, or " + Identifier },
        new object[] { E.Cluster, " ja4", "empty, or " + Identifier },
    ];

    [TestCaseSource(nameof(BadValues))]
    public void Load_BadValue_MessageNamesVariableAndExpectedForm(string variable, string value, string expected)
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => LoadFromEnvironment(variable, value));

        Assert.Multiple(() =>
        {
            // A host list's message goes on to name the bad entry: its rows carry that part in "expected".
            Assert.That(ex.Message, Is.EqualTo(expected.Contains(", got '", StringComparison.Ordinal)
                ? $"{variable} must be {expected}."
                : $"{variable} must be {expected}, got '{value}'."));
            Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
        });
    }

    [Test]
    public void BadValues_CoverEveryVariableThatCanBeWrong()
    {
        var all = typeof(ClickHouseEnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!);
        var covered = BadValues.Cast<object[]>().Select(row => (string)row[0]).ToHashSet();

        Assert.That(all.Where(name => !covered.Contains(name)), Is.EquivalentTo(new[] { E.Password }));
    }

    [TestCase("none", ClickHouseTlsRevocationCheck.None)]
    [TestCase("false", ClickHouseTlsRevocationCheck.None)]
    [TestCase("0", ClickHouseTlsRevocationCheck.None)]
    [TestCase("Online", ClickHouseTlsRevocationCheck.Online)]
    [TestCase("true", ClickHouseTlsRevocationCheck.Online)]
    [TestCase("yes", ClickHouseTlsRevocationCheck.Online)]
    [TestCase(" offline ", ClickHouseTlsRevocationCheck.Offline)]
    public void Load_TlsCheckRevocation_TakesModesAndSwitchWords(string value, ClickHouseTlsRevocationCheck expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFromEnvironment(E.TlsCheckRevocation, value).TlsCheckRevocation, Is.EqualTo(expected));
            Assert.That(ClickHouseSettings.FromConnectionString($"Host=h;TlsCheckRevocation={value}").TlsCheckRevocation, Is.EqualTo(expected));
        });
    }

    [TestCase("", "")]
    [TestCase("ja4", "ja4")]
    [TestCase("_Cluster_2", "_Cluster_2")]
    public void Load_Cluster_EmptyMeansOneServerAndAnIdentifierIsKept(string value, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFromEnvironment(E.Cluster, value).Cluster, Is.EqualTo(expected));
            Assert.That(ClickHouseSettings.FromConnectionString($"Host=h;Cluster={value}").Cluster, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Load_PortWithSurroundingSpaces_IsAccepted()
    {
        Assert.That(LoadFromEnvironment(E.Port, " 9001 ").Port, Is.EqualTo(9001));
    }

    [Test]
    public void Load_SubTickDuration_RoundsToZeroAndIsRejected()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => LoadFromEnvironment(E.RetryTimeout, "0.00000001"));

        Assert.That(ex.Message, Does.StartWith(E.RetryTimeout + " must be"));
    }

    [Test]
    public void Validate_DefaultSettings_Passes()
    {
        Assert.DoesNotThrow(() => new ClickHouseSettings().Validate());
    }

    [Test]
    public void Validate_BadProperty_NamesPropertyAndVariable()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new ClickHouseSettings { Port = 0 }.Validate());

        Assert.That(ex.Message, Is.EqualTo("Port (CLICKHOUSE_PORT) must be an integer from 1 to 65535, got '0'."));
    }

    [Test]
    public void Validate_NullHost_SaysNull()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => new ClickHouseSettings { Host = null! }.Validate());

        Assert.That(ex.Message, Is.EqualTo(
            "Host (CLICKHOUSE_HOST) must be a host name or IP address with an optional :port, or a comma-separated list of them "
            + "(IPv6 in brackets: [::1]:9000), got null: the host list is empty."));
    }

    [Test]
    public void Validate_NegativeTimeout_ShowsSeconds()
    {
        var settings = new ClickHouseSettings { CommandTimeout = TimeSpan.FromSeconds(-1.5) };

        var ex = Assert.Throws<ClickHouseConfigurationException>(settings.Validate);

        Assert.That(ex.Message, Is.EqualTo("CommandTimeout (CLICKHOUSE_COMMAND_TIMEOUT) must be a number of seconds "
            + "from 0 to 86400 (decimals allowed; 0 = no limit), got '-1.5'."));
    }

    [Test]
    public void Validate_UndefinedCompression_Fails()
    {
        var settings = new ClickHouseSettings { Compression = (ClickHouseCompression)7 };

        var ex = Assert.Throws<ClickHouseConfigurationException>(settings.Validate);

        Assert.That(ex.Message, Is.EqualTo(
            "Compression (CLICKHOUSE_COMPRESSION) must be one of none, lz4 or zstd, got '7'."));
    }

    [TestCase("ja4 logs")]
    [TestCase("a`b")]
    [TestCase("")]
    [TestCase("db.table")]
    [TestCase("`ja4_logs`")]
    public void Validate_DatabaseNameNotAPlainIdentifier_IsRejected(string name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ClickHouseSettings { Database = name }.Validate(), Throws.TypeOf<ClickHouseConfigurationException>()
                .With.Message.EqualTo($"Database (CLICKHOUSE_DB) must be {Identifier}, got '{name}'."));
            Assert.That(() => new ClickHouseSettings { DbLogs = name }.Validate(), Throws.TypeOf<ClickHouseConfigurationException>()
                .With.Message.EqualTo($"DbLogs (CLICKHOUSE_DB_LOGS) must be {Identifier}, got '{name}'."));
            Assert.That(() => new ClickHouseSettings { DbProcessing = name }.Validate(), Throws.TypeOf<ClickHouseConfigurationException>()
                .With.Message.EqualTo($"DbProcessing (CLICKHOUSE_DB_PROCESSING) must be {Identifier}, got '{name}'."));
        });
    }

    [Test]
    public void Validate_PoolMinAboveMax_NamesBoth()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => LoadFromEnvironment(E.PoolMinSize, "20"));

        Assert.That(ex.Message, Is.EqualTo(
            "PoolMinSize (CLICKHOUSE_POOL_MIN_SIZE) must be at most PoolMaxSize (CLICKHOUSE_POOL_MAX_SIZE) = 16, got 20."));
    }

    [Test]
    public void Validate_PoolMinEqualToMax_Passes()
    {
        Assert.DoesNotThrow(() => new ClickHouseSettings { PoolMinSize = 4, PoolMaxSize = 4 }.Validate());
    }

    [Test]
    public void Validate_RetryBaseDelayAboveMax_NamesBoth()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => LoadFromEnvironment(E.RetryBaseDelay, "6.5"));

        Assert.That(ex.Message, Is.EqualTo("RetryBaseDelay (CLICKHOUSE_RETRY_BASE_DELAY) must be at most RetryMaxDelay "
            + "(CLICKHOUSE_RETRY_MAX_DELAY) = 5 s, got 6.5 s."));
    }

    [Test]
    public void Validate_MissingCaFile_NamesPath()
    {
        const string missing = "/nonexistent/ja4data/ca.pem";

        var ex = Assert.Throws<ClickHouseConfigurationException>(() => LoadFromEnvironment(E.TlsCaFile, missing));

        Assert.That(ex.Message, Is.EqualTo("TlsCaCertificatePath (CLICKHOUSE_TLS_CA_FILE) must be the path of an "
            + $"existing PEM file, got '{missing}' (not found)."));
    }

    [Test]
    public void Load_PasswordAndAnotherBadValue_MessageNeverHoldsThePassword()
    {
        var environment = new Dictionary<string, string?> { [E.Password] = TestSecrets.Password, [E.Port] = "x" };

        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ClickHouseSettings.Load(environment, WriteEmptyDotEnv()));

        Assert.That(ex.ToString(), Does.Not.Contain(TestSecrets.Fragment));
    }

    [Test]
    public void Validate_InvalidSettingsWithPassword_MessageNeverHoldsThePassword()
    {
        var settings = new ClickHouseSettings { Password = TestSecrets.Password, User = "" };

        var ex = Assert.Throws<ClickHouseConfigurationException>(settings.Validate);

        Assert.That(ex.ToString(), Does.Not.Contain(TestSecrets.Fragment));
    }

    private static ClickHouseSettings LoadFromEnvironment(string variable, string value) =>
        ClickHouseSettings.Load(new Dictionary<string, string?> { [variable] = value }, WriteEmptyDotEnv());

    // An explicit empty file keeps a stray ./.env in the test's working directory out of the picture.
    private static string WriteEmptyDotEnv()
    {
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "empty-for-validation-tests.env");
        File.WriteAllText(file, string.Empty);
        return file;
    }
}
