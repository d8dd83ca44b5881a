namespace Ja4Data.Tests.Configuration;

[TestFixture]
public sealed class ClickHouseSettingsTextTests
{
    private TempDirectory _dir = null!;
    private string _caFile = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _dir = new TempDirectory();
        _caFile = _dir.Write("private ca;1.pem", "-----BEGIN CERTIFICATE-----\n");
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _dir.Dispose();

    private ClickHouseSettings EveryValueChanged => new()
    {
        Host = "ch-1.internal",
        Port = 9441,
        Database = "test_db",
        User = "etl user",
        Password = TestSecrets.Password,
        DbLogs = "logs_v2",
        DbProcessing = "processing_v2",
        Secure = true,
        TlsCaCertificatePath = _caFile,
        Compression = ClickHouseCompression.Zstd,
        ConnectTimeout = TimeSpan.FromSeconds(2.5),
        CommandTimeout = TimeSpan.Zero,
        PoolMaxSize = 64,
        PoolMinSize = 4,
        PoolAcquireTimeout = TimeSpan.FromSeconds(1),
        PoolIdleTimeout = TimeSpan.FromSeconds(60),
        PoolValidateAfterIdle = TimeSpan.Zero,
        PoolConnectionLifetime = TimeSpan.Zero,
        RetryMaxAttempts = 0,
        RetryBaseDelay = TimeSpan.FromMilliseconds(125),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
        RetryTimeout = TimeSpan.FromSeconds(120.25),
        InsertBlockSize = 1000,
        ClientName = "ja4-ingest; v1",
        Cluster = "ja4_prod",
    };

    [Test]
    public void ToString_PasswordSet_ShowsStarsAndEveryOtherSetting()
    {
        var text = EveryValueChanged.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain(TestSecrets.Fragment));
            Assert.That(text, Does.Contain("Password = ***"));
            Assert.That(text, Does.StartWith("ClickHouseSettings { Host = ch-1.internal, Port = 9441, "));
            Assert.That(text, Does.Contain("ConnectTimeout = 00:00:02.5000000"));
            Assert.That(text, Does.Contain("ClientName = ja4-ingest; v1, "));
            Assert.That(text, Does.EndWith(", Cluster = ja4_prod }"));
        });
    }

    [Test]
    public void ToString_EveryPublicPropertyIsPrinted()
    {
        var text = new ClickHouseSettings().ToString();
        var names = typeof(ClickHouseSettings).GetProperties().Where(p => p.GetIndexParameters().Length == 0).Select(p => p.Name);

        Assert.That(names.Where(name => !text.Contains(name + " = ", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void ToString_EmptyPassword_ShowsNoStars()
    {
        Assert.That(new ClickHouseSettings().ToString(), Does.Contain("Password = ,"));
    }

    [Test]
    public void Interpolation_AndWithCopy_NeverShowThePassword()
    {
        var settings = new ClickHouseSettings { Password = TestSecrets.Password } with { Host = "h" };

        Assert.Multiple(() =>
        {
            Assert.That($"{settings}", Does.Not.Contain(TestSecrets.Fragment));
            Assert.That(new[] { settings }.Select(s => s.ToString()).Single(), Does.Not.Contain(TestSecrets.Fragment));
        });
    }

    [Test]
    public void LogsTable_DefaultSettings_QualifiesWithLogsDatabase()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ClickHouseSettings().LogsTable("ja4_raw"), Is.EqualTo("`ja4_logs`.`ja4_raw`"));
            Assert.That(new ClickHouseSettings().ProcessingTable("ja4_agg"), Is.EqualTo("`ja4_processing`.`ja4_agg`"));
        });
    }

    [Test]
    public void LogsTable_ConfiguredDatabases_AreUsed()
    {
        var settings = new ClickHouseSettings { DbLogs = "logs_v2", DbProcessing = "proc_v2" };

        Assert.Multiple(() =>
        {
            Assert.That(settings.LogsTable("t"), Is.EqualTo("`logs_v2`.`t`"));
            Assert.That(settings.ProcessingTable("t"), Is.EqualTo("`proc_v2`.`t`"));
        });
    }

    [Test]
    public void LogsTable_HostileTableName_StaysOneQuotedIdentifier()
    {
        Assert.That(new ClickHouseSettings().LogsTable("x` FROM t --"), Is.EqualTo("`ja4_logs`.`x\\` FROM t --`"));
    }

    [Test]
    public void ToConnectionString_SmallSettings_HoldsOnlyWhatWasChanged()
    {
        var settings = new ClickHouseSettings { Host = "localhost", Port = 9000, Database = "test_db" };

        Assert.That(settings.ToConnectionString(), Is.EqualTo("Host=localhost;Port=9000;Database=test_db"));
    }

    [Test]
    public void ConnectionString_EveryValueChanged_RoundTrips()
    {
        var settings = EveryValueChanged;

        var back = ClickHouseSettings.FromConnectionString(settings.ToConnectionString());

        Assert.Multiple(() =>
        {
            Assert.That(back, Is.EqualTo(settings));
            Assert.That(back.Password, Is.EqualTo(TestSecrets.Password));
        });
    }

    [Test]
    public void ConnectionString_Defaults_RoundTripThroughEmptyString()
    {
        var text = new ClickHouseSettings().ToConnectionString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.Empty);
            Assert.That(ClickHouseSettings.FromConnectionString(text), Is.EqualTo(new ClickHouseSettings()));
        });
    }

    [Test]
    public void ConnectionString_SecureWithDerivedPort_StaysDerived()
    {
        var settings = new ClickHouseSettings { Secure = true };

        var back = ClickHouseSettings.FromConnectionString(settings.ToConnectionString());

        Assert.Multiple(() =>
        {
            Assert.That(settings.ToConnectionString(), Is.EqualTo("Secure=true"));
            Assert.That(back.Port, Is.EqualTo(9440));
            Assert.That(back with { Secure = false }, Has.Property("Port").EqualTo(9000));
        });
    }

    [Test]
    public void ToConnectionString_InvalidSettings_Throws()
    {
        Assert.That(() => new ClickHouseSettings { Port = 0 }.ToConnectionString(),
            Throws.TypeOf<ClickHouseConfigurationException>().With.Message.StartsWith("Port (CLICKHOUSE_PORT) must be"));
    }
}
