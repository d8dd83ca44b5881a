namespace Ja4Data.Tests.Configuration;

[TestFixture]
public sealed class ClickHouseConnectionStringBuilderTests
{
    [TestCase("Host=h1")]
    [TestCase("Server=h1")]
    [TestCase("HOST=h1")]
    [TestCase("server=h1")]
    public void Host_KeyOrAlias_IsRead(string connectionString)
    {
        Assert.That(new ClickHouseConnectionStringBuilder(connectionString).Host, Is.EqualTo("h1"));
    }

    [TestCase("User=etl")]
    [TestCase("Username=etl")]
    [TestCase("User Id=etl")]
    [TestCase("user id=etl")]
    [TestCase("UID=etl")]
    public void User_KeyOrAlias_IsRead(string connectionString)
    {
        var builder = new ClickHouseConnectionStringBuilder(connectionString);

        Assert.Multiple(() =>
        {
            Assert.That(builder.User, Is.EqualTo("etl"));
            Assert.That(builder.ConnectionString, Is.EqualTo("User=etl"), "aliases are stored under the canonical key");
        });
    }

    [TestCase("Password")]
    [TestCase("Pwd")]
    [TestCase("PWD")]
    public void Password_KeyOrAlias_IsRead(string key)
    {
        var builder = new ClickHouseConnectionStringBuilder { [key] = TestSecrets.Password };

        Assert.That(new ClickHouseConnectionStringBuilder(builder.ConnectionString).Password, Is.EqualTo(TestSecrets.Password));
    }

    [TestCase("ConnectTimeout=2.5")]
    [TestCase("Timeout=2.5")]
    [TestCase("Connect Timeout=2.5")]
    [TestCase("connect timeout = 2.5")]
    public void ConnectTimeout_KeyOrAlias_IsSeconds(string connectionString)
    {
        Assert.That(new ClickHouseConnectionStringBuilder(connectionString).ConnectTimeout,
            Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
    }

    [TestCase("lz4", ClickHouseCompression.Lz4)]
    [TestCase("LZ4", ClickHouseCompression.Lz4)]
    [TestCase("zstd", ClickHouseCompression.Zstd)]
    [TestCase("Zstd", ClickHouseCompression.Zstd)]
    [TestCase("none", ClickHouseCompression.None)]
    public void Compression_Words_AreReadIgnoringCase(string word, ClickHouseCompression expected)
    {
        Assert.That(new ClickHouseConnectionStringBuilder("Compression=" + word).Compression, Is.EqualTo(expected));
    }

    [Test]
    public void ProtocolKeys_AllTogether_BecomeSettings()
    {
        var settings = new ClickHouseConnectionStringBuilder(
            "Host=ch1;Port=9441;Database=test_db;User=u;Password='p;w';Compression=zstd;Secure=true").ToSettings();

        Assert.That(settings, Is.EqualTo(new ClickHouseSettings
        {
            Host = "ch1", Port = 9441, Database = "test_db", User = "u", Password = "p;w",
            Compression = ClickHouseCompression.Zstd, Secure = true,
        }));
    }

    [Test]
    public void ToSettings_NoKeys_ReturnsDefaults()
    {
        Assert.That(new ClickHouseConnectionStringBuilder().ToSettings(), Is.EqualTo(new ClickHouseSettings()));
    }

    [Test]
    public void ToSettings_SecureWithoutPort_Uses9440()
    {
        var builder = new ClickHouseConnectionStringBuilder("Secure=true");

        Assert.Multiple(() =>
        {
            Assert.That(builder.Port, Is.EqualTo(9440));
            Assert.That(builder["port"], Is.EqualTo("9440"));
            Assert.That(builder.ToSettings().Port, Is.EqualTo(9440));
            Assert.That(builder.ContainsKey("Port"), Is.False);
        });
    }

    [Test]
    public void ToSettings_ContradictoryValues_Throws()
    {
        var builder = new ClickHouseConnectionStringBuilder("PoolMaxSize=2;PoolMinSize=3");

        Assert.That(builder.ToSettings, Throws.TypeOf<ClickHouseConfigurationException>()
            .With.Message.StartsWith("PoolMinSize (CLICKHOUSE_POOL_MIN_SIZE) must be at most PoolMaxSize"));
    }

    [Test]
    public void UnknownKey_InConnectionString_ListsValidKeysWithoutEchoingIt()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => _ = new ClickHouseConnectionStringBuilder("Host=h;Hots=x"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("A connection string key is not a ClickHouse setting (the key is not shown"));
            Assert.That(ex.Message, Does.Contain("Valid keys: Host, Port, Database, User, "));
            Assert.That(ex.Message, Does.Contain("(aliases: Server, Username, User Id, UID, Pwd, Timeout, Connect Timeout, Persist Security Info)"));
            Assert.That(ex.Message, Does.Not.Contain("hots").IgnoreCase);
        });
    }

    // An unquoted password with ';' makes its tail a key: a misspelt-looking one ("Hots") must not be echoed either.
    [TestCase("Password=Tr0ub4dor;Hots=xyzzy;Host=h")]
    [TestCase("Host=h;Pwd=Tr0ub4dor;Hots=xyzzy")]
    [TestCase("Passwrd=Tr0ub4dor;Hots=xyzzy")]
    public void UnknownKey_NextToAPasswordLikeValue_EchoesNoPieceOfAnyValue(string connectionString)
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => _ = new ClickHouseConnectionStringBuilder(connectionString));

        Assert.Multiple(() =>
        {
            Assert.That(ex.ToString(), Does.Not.Contain("Tr0ub4dor"));
            Assert.That(ex.ToString(), Does.Not.Contain("xyzzy"));
            Assert.That(ex.ToString(), Does.Not.Contain("Hots").IgnoreCase);
            Assert.That(ex.ToString(), Does.Not.Contain("Passwrd").IgnoreCase);
        });
    }

    [Test]
    public void QuotedValue_WithSemicolonAndEquals_IsOneValue_AndAnUnknownKeyBesideItShowsNothingOfIt()
    {
        const string password = "a;Hots=b\"c";
        var quoted = new ClickHouseConnectionStringBuilder("Host=h;Password=\"a;Hots=b\"\"c\"");
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => _ = new ClickHouseConnectionStringBuilder("Password=\"a;Hots=b\"\"c\";Hots=x"));

        Assert.Multiple(() =>
        {
            Assert.That((quoted.Password, quoted.Host), Is.EqualTo((password, "h")));
            Assert.That(new ClickHouseConnectionStringBuilder(quoted.ConnectionString).Password, Is.EqualTo(password));
            Assert.That(ex.ToString(), Does.Not.Contain("a;Hots").IgnoreCase);
            Assert.That(ex.ToString(), Does.Not.Contain("Hots").IgnoreCase);
        });
    }

    [Test]
    public void UnknownKey_ThroughIndexer_Throws()
    {
        var builder = new ClickHouseConnectionStringBuilder();

        Assert.Multiple(() =>
        {
            Assert.That(() => builder["Pooling"] = true, Throws.TypeOf<ClickHouseConfigurationException>()
                .With.Message.StartsWith("A connection string key is not a ClickHouse setting").And.Message.Not.Contain("Pooling"));
            Assert.That(() => builder["Pooling"], Throws.TypeOf<ClickHouseConfigurationException>());
            Assert.That(builder.ContainsKey("Pooling"), Is.False);
            Assert.That(builder.TryGetValue("Pooling", out _), Is.False);
            Assert.That(builder.Remove("Pooling"), Is.False);
        });
    }

    [TestCase("Port=abc", "Connection string key 'Port' must be an integer from 1 to 65535, got 'abc'.")]
    [TestCase("port=70000", "Connection string key 'Port' must be an integer from 1 to 65535, got '70000'.")]
    [TestCase("Secure=maybe", "Connection string key 'Secure' must be true or false (also 1/0, yes/no, on/off), got 'maybe'.")]
    [TestCase("Compression=gzip", "Connection string key 'Compression' must be one of none, lz4 or zstd, got 'gzip'.")]
    [TestCase("Timeout=ten", "Connection string key 'timeout' (ConnectTimeout) must be a number of seconds greater than 0 and at most 86400 (decimals allowed), got 'ten'.")]
    [TestCase("DbLogs=ja4 logs", "Connection string key 'DbLogs' must be a plain identifier (a letter or underscore, then letters, digits or underscores; at most 255 characters), got 'ja4 logs'.")]
    [TestCase("Server=a b", "Connection string key 'server' (Host) must be a host name or IP address with an optional :port, or a comma-separated list of them (IPv6 in brackets: [::1]:9000), got 'a b': entry 1 'a b' contains a space or control character.")]
    [TestCase("PORT=x", "Connection string key 'Port' must be an integer from 1 to 65535, got 'x'.")]
    public void BadValue_MessageNamesKeyAndExpectedForm(string connectionString, string expected)
    {
        Assert.That(() => new ClickHouseConnectionStringBuilder(connectionString),
            Throws.TypeOf<ClickHouseConfigurationException>().With.Message.EqualTo(expected));
    }

    [Test]
    public void EmptyValue_MeansKeyAbsent()
    {
        var builder = new ClickHouseConnectionStringBuilder("Host=;Port=9001");

        Assert.Multiple(() =>
        {
            Assert.That(builder.ContainsKey("Host"), Is.False);
            Assert.That(builder.Host, Is.EqualTo("clickhouse"));
        });
    }

    [Test]
    public void TypedSetters_StoreCanonicalText()
    {
        var builder = new ClickHouseConnectionStringBuilder
        {
            Port = 9441,
            Secure = true,
            Compression = ClickHouseCompression.Zstd,
            ConnectTimeout = TimeSpan.FromMilliseconds(2500),
            RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        };

        Assert.That(builder.ConnectionString,
            Is.EqualTo("Port=9441;Secure=true;Compression=zstd;ConnectTimeout=2.5;RetryBaseDelay=0.2"));
    }

    [Test]
    public void TypedSetter_OutOfRange_Throws()
    {
        var builder = new ClickHouseConnectionStringBuilder();

        Assert.Multiple(() =>
        {
            Assert.That(() => builder.Port = 0, Throws.TypeOf<ClickHouseConfigurationException>()
                .With.Message.EqualTo("Connection string key 'Port' must be an integer from 1 to 65535, got '0'."));
            Assert.That(() => builder.ConnectTimeout = TimeSpan.Zero, Throws.TypeOf<ClickHouseConfigurationException>());
            Assert.That(builder.Count, Is.Zero);
        });
    }

    [Test]
    public void Indexer_NumberForDuration_IsSeconds()
    {
        var builder = new ClickHouseConnectionStringBuilder { ["CommandTimeout"] = 90 };

        Assert.That(builder.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void Indexer_NullOrAliasRemove_RemovesKey()
    {
        var builder = new ClickHouseConnectionStringBuilder("Host=h;Password=p");

        builder["Server"] = null;
        var removed = builder.Remove("pwd");

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.True);
            Assert.That(builder.ConnectionString, Is.Empty);
            Assert.That(builder.Host, Is.EqualTo("clickhouse"));
        });
    }

    [Test]
    public void AliasLookups_FindCanonicalKey()
    {
        var builder = new ClickHouseConnectionStringBuilder("Server=h");

        Assert.Multiple(() =>
        {
            Assert.That(builder.ContainsKey("host"), Is.True);
            Assert.That(builder.ContainsKey("SERVER"), Is.True);
            Assert.That(builder.TryGetValue("Server", out var value), Is.True);
            Assert.That(value, Is.EqualTo("h"));
            Assert.That(builder.ShouldSerialize("server"), Is.True);
        });
    }

    [Test]
    public void ToString_MasksPasswordWhileConnectionStringKeepsIt()
    {
        var builder = new ClickHouseConnectionStringBuilder { Host = "h", Password = TestSecrets.Password };

        Assert.Multiple(() =>
        {
            Assert.That(builder.ToString(), Is.EqualTo("Host=h;Password=***"));
            Assert.That($"{builder}", Does.Not.Contain(TestSecrets.Fragment));
            Assert.That(new ClickHouseConnectionStringBuilder(builder.ConnectionString).Password, Is.EqualTo(TestSecrets.Password));
        });
    }

    [Test]
    public void FromSettings_HoldsChangedValuesOnly()
    {
        var builder = new ClickHouseConnectionStringBuilder(new ClickHouseSettings { Host = "localhost", User = "admin" });

        Assert.That(builder.ConnectionString, Is.EqualTo("Host=localhost"));
    }

    [Test]
    public void MalformedString_ThrowsConfigurationErrorWithoutTheText()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => _ = new ClickHouseConnectionStringBuilder($"Host=h;Password={TestSecrets.Password}"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("The connection string is malformed:"));
            Assert.That(ex.ToString(), Does.Not.Contain(TestSecrets.Fragment));
            Assert.That(ex.ToString(), Does.Not.Contain("P@ss"));
        });
    }

    [Test]
    public void UnquotedPasswordFragment_AsKey_IsNotEchoed()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(
            () => _ = new ClickHouseConnectionStringBuilder("Password=S3cr3t;P@ss=word"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("A connection string key is not a ClickHouse setting (the key is not shown"));
            Assert.That(ex.Message, Does.Not.Contain("P@ss"));
        });
    }
}
