using E = Ja4Data.ClickHouseEnvironmentVariables;

namespace Ja4Data.Tests.Configuration;

[TestFixture]
public sealed class ClickHouseSettingsLoadTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void Load_NothingSet_ReturnsDocumentedDefaults()
    {
        var settings = Load(new Dictionary<string, string?>(), "");

        Assert.Multiple(() =>
        {
            Assert.That(settings.Host, Is.EqualTo("clickhouse"));
            Assert.That(settings.Port, Is.EqualTo(9000));
            Assert.That(settings.Database, Is.EqualTo("ja4_processing"));
            Assert.That(settings.User, Is.EqualTo("admin"));
            Assert.That(settings.Password, Is.Empty);
            Assert.That(settings.DbLogs, Is.EqualTo("ja4_logs"));
            Assert.That(settings.DbProcessing, Is.EqualTo("ja4_processing"));
            Assert.That(settings.Secure, Is.False);
            Assert.That(settings.TlsCaCertificatePath, Is.Null);
            Assert.That(settings.Compression, Is.EqualTo(ClickHouseCompression.Lz4));
            Assert.That(settings.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(settings.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(300)));
            Assert.That(settings.PoolMaxSize, Is.EqualTo(16));
            Assert.That(settings.PoolMinSize, Is.Zero);
            Assert.That(settings.PoolAcquireTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(settings.PoolIdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(300)));
            Assert.That(settings.PoolValidateAfterIdle, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(settings.PoolConnectionLifetime, Is.EqualTo(TimeSpan.FromSeconds(3600)));
            Assert.That(settings.RetryMaxAttempts, Is.EqualTo(6));
            Assert.That(settings.RetryBaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(settings.RetryMaxDelay, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(settings.RetryTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(settings.InsertBlockSize, Is.EqualTo(65536));
            Assert.That(settings.ClientName, Is.EqualTo("Ja4Data"));
            Assert.That(settings, Is.EqualTo(new ClickHouseSettings()));
        });
    }

    [Test]
    public void Defaults_RetryDelays_BridgeATenSecondRestart()
    {
        var settings = new ClickHouseSettings();
        var waited = TimeSpan.Zero;
        var delay = settings.RetryBaseDelay;
        for (var retry = 0; retry < settings.RetryMaxAttempts; retry++)
        {
            waited += delay < settings.RetryMaxDelay ? delay : settings.RetryMaxDelay;
            delay *= 2;
        }

        Assert.That(waited, Is.GreaterThan(TimeSpan.FromSeconds(10)).And.LessThan(settings.RetryTimeout));
    }

    [Test]
    public void Load_EachVariable_EnvironmentBeatsDotEnvBeatsDefault()
    {
        var environment = new Dictionary<string, string?> { [E.Host] = "from-env", [E.PoolMaxSize] = "32" };
        var dotEnv = $"{E.Host}=from-dotenv\n{E.User}=dotenv_user\n{E.PoolMaxSize}=8\n{E.PoolMinSize}=2\n";

        var settings = Load(environment, dotEnv);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Host, Is.EqualTo("from-env"));
            Assert.That(settings.PoolMaxSize, Is.EqualTo(32));
            Assert.That(settings.User, Is.EqualTo("dotenv_user"));
            Assert.That(settings.PoolMinSize, Is.EqualTo(2));
            Assert.That(settings.Database, Is.EqualTo("ja4_processing"));
        });
    }

    [Test]
    public void Load_EmptyEnvironmentValue_StillOverridesDotEnv()
    {
        var environment = new Dictionary<string, string?> { [E.Password] = "" };

        var settings = Load(environment, $"{E.Password}=from-dotenv\n");

        Assert.That(settings.Password, Is.Empty);
    }

    [Test]
    public void Load_NullEnvironmentValue_CountsAsUnset()
    {
        var environment = new Dictionary<string, string?> { [E.Host] = null };

        var settings = Load(environment, $"{E.Host}=from-dotenv\n");

        Assert.That(settings.Host, Is.EqualTo("from-dotenv"));
    }

    [TestCase("true", 9440)]
    [TestCase("1", 9440)]
    [TestCase("YES", 9440)]
    [TestCase("on", 9440)]
    [TestCase("false", 9000)]
    [TestCase("0", 9000)]
    [TestCase("No", 9000)]
    [TestCase("OFF", 9000)]
    public void Load_SecureWithoutPort_PortFollowsSecure(string secure, int expectedPort)
    {
        var settings = Load(new Dictionary<string, string?> { [E.Secure] = secure }, "");

        Assert.That(settings.Port, Is.EqualTo(expectedPort));
    }

    [Test]
    public void Load_SecureWithPortInDotEnv_ExplicitPortWins()
    {
        var settings = Load(new Dictionary<string, string?> { [E.Secure] = "true" }, $"{E.Port}=9000\n");

        Assert.Multiple(() =>
        {
            Assert.That(settings.Secure, Is.True);
            Assert.That(settings.Port, Is.EqualTo(9000));
        });
    }

    [Test]
    public void Initializer_SecureWithoutPort_Uses9440AndExplicitPortWins()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ClickHouseSettings { Secure = true }.Port, Is.EqualTo(9440));
            Assert.That(new ClickHouseSettings { Secure = true, Port = 9000 }.Port, Is.EqualTo(9000));
            Assert.That(new ClickHouseSettings() with { Secure = true }, Has.Property("Port").EqualTo(9440));
            Assert.That(new ClickHouseSettings { Port = 9001 } with { Secure = true }, Has.Property("Port").EqualTo(9001));
        });
    }

    [Test]
    public void Load_LowerCaseNames_AreNotTheVariables()
    {
        var environment = new Dictionary<string, string?> { ["clickhouse_host"] = "lower-env" };

        var settings = Load(environment, "clickhouse_user=lower_dotenv\nClickHouse_Port=1234\n");

        Assert.That(settings, Is.EqualTo(new ClickHouseSettings()));
    }

    [Test]
    public void Load_DotEnvSyntax_QuotesCommentsAndExportAreUnderstood()
    {
        var dotEnv = string.Join('\n',
            "# a full-line comment",
            "",
            $"export {E.Host}=ch.example   # a trailing comment",
            $"{E.User} = 'spaced user'",
            $"{E.Password}={TestSecrets.DotEnvQuotedPassword}",
            $"{E.ClientName}='literal $HOME # kept'",
            $"{E.Compression}=ZSTD",
            $"{E.ConnectTimeout}=2.5",
            $"{E.CommandTimeout}=0",
            $"{E.Database}=first",
            $"{E.Database}=second",
            "UNRELATED_VARIABLE=ignored",
            "");

        var settings = Load(new Dictionary<string, string?>(), dotEnv);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Host, Is.EqualTo("ch.example"));
            Assert.That(settings.User, Is.EqualTo("spaced user"));
            Assert.That(settings.Password, Is.EqualTo(TestSecrets.Password));
            Assert.That(settings.ClientName, Is.EqualTo("literal $HOME # kept"));
            Assert.That(settings.Compression, Is.EqualTo(ClickHouseCompression.Zstd));
            Assert.That(settings.ConnectTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
            Assert.That(settings.CommandTimeout, Is.EqualTo(TimeSpan.Zero));
            Assert.That(settings.Database, Is.EqualTo("second"), "a later line wins, as in a shell");
        });
    }

    [Test]
    public void Load_DotEnvSavedWithBomAndCrLf_IsRead()
    {
        var file = Path.Combine(_dir.Path, "windows.env");
        File.WriteAllText(file, $"{E.Host}=win-host\r\n# comment\r\n{E.User}='u'\r\n", new System.Text.UTF8Encoding(true));

        var settings = ClickHouseSettings.Load(new Dictionary<string, string?>(), file);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Host, Is.EqualTo("win-host"));
            Assert.That(settings.User, Is.EqualTo("u"));
        });
    }

    [Test]
    public void Load_EmptyCaFileVariable_MeansNoExtraCa()
    {
        var settings = Load(new Dictionary<string, string?> { [E.TlsCaFile] = "" }, "");

        Assert.That(settings.TlsCaCertificatePath, Is.Null);
    }

    [Test]
    public void Load_ExistingCaFile_IsKept()
    {
        var ca = _dir.Write("ca.pem", "-----BEGIN CERTIFICATE-----\n");

        var settings = Load(new Dictionary<string, string?> { [E.TlsCaFile] = ca, [E.Secure] = "true" }, "");

        Assert.That(settings.TlsCaCertificatePath, Is.EqualTo(ca));
    }

    [Test]
    public void Load_MissingExplicitDotEnv_ThrowsNamingThePath()
    {
        var missing = Path.Combine(_dir.Path, "nope.env");

        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ClickHouseSettings.Load(new Dictionary<string, string?>(), missing));

        Assert.That(ex.Message, Is.EqualTo($"The .env file '{missing}' does not exist."));
    }

    [Test]
    public void Load_MalformedDotEnv_ThrowsWithLineButNotTheText()
    {
        var file = _dir.Write("bad.env", $"{E.Host}=ok\n{E.Password}=\"{TestSecrets.Fragment}\n");

        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => ClickHouseSettings.Load(new Dictionary<string, string?>(), file));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith($"The .env file '{file}' is not valid near line 2"));
            Assert.That(ex.ToString(), Does.Not.Contain(TestSecrets.Fragment));
            Assert.That(ex.InnerException, Is.Null);
        });
    }

    [Test]
    [NonParallelizable]
    public void Load_NoPath_ReadsDotEnvOfCurrentDirectoryOnlyWhenPresent()
    {
        var original = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(_dir.Path);
            var withoutFile = ClickHouseSettings.Load(new Dictionary<string, string?>(), null);
            _dir.Write(".env", $"{E.Host}=from-cwd\n");
            var withFile = ClickHouseSettings.Load(new Dictionary<string, string?>(), null);

            Assert.Multiple(() =>
            {
                Assert.That(withoutFile.Host, Is.EqualTo("clickhouse"));
                Assert.That(withFile.Host, Is.EqualTo("from-cwd"));
            });
        }
        finally
        {
            Directory.SetCurrentDirectory(original);
        }
    }

    [Test]
    public void Load_Public_DoesNotModifyProcessEnvironment()
    {
        const string marker = "JA4DATA_TEST_ONLY_MARKER";
        var file = _dir.Write("marker.env", $"{marker}=1\n{E.ClientName}=marker-client\nexport {E.RetryTimeout}=7\n");
        var before = Snapshot();

        var settings = ClickHouseSettings.Load(file);

        Assert.Multiple(() =>
        {
            Assert.That(Snapshot(), Is.EqualTo(before));
            Assert.That(Environment.GetEnvironmentVariable(marker), Is.Null);
            Assert.That(settings.ClientName, Is.EqualTo(
                Environment.GetEnvironmentVariable(E.ClientName) ?? "marker-client"), "the .env file was read");
        });
    }

    private ClickHouseSettings Load(Dictionary<string, string?> environment, string dotEnvContents) =>
        ClickHouseSettings.Load(environment, _dir.Write("test.env", dotEnvContents));

    private static SortedDictionary<string, string?> Snapshot()
    {
        var snapshot = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            snapshot[(string)entry.Key] = (string?)entry.Value;
        }

        return snapshot;
    }
}
