using Ja4Data.Core.Inserts;

namespace Ja4Data.Tests.Inserts;

/// <summary>
/// Which tables deduplicate identical blocks, from the engine strings ClickHouse 18.16 and later write into
/// system.tables: only those may have an insert with an unknown outcome repeated.
/// </summary>
[TestFixture]
public sealed class InsertTargetTests
{
    private const string Replicated =
        "ReplicatedMergeTree('/clickhouse/tables/{shard}/default/t_local', '{replica}') ORDER BY id SETTINGS index_granularity = 8192";

    [TestCase("ReplicatedMergeTree", Replicated)]
    [TestCase("ReplicatedReplacingMergeTree", "ReplicatedReplacingMergeTree('/p/{shard}', '{replica}', ver) PARTITION BY toYYYYMM(d) ORDER BY id SETTINGS index_granularity = 8192")]
    [TestCase("ReplicatedSummingMergeTree", "ReplicatedSummingMergeTree('/p', 'r', d, (a, b), 8192)")]
    [TestCase("ReplicatedAggregatingMergeTree", "ReplicatedAggregatingMergeTree('/p', 'r') ORDER BY (a, b)")]
    public void Classify_ReplicatedMergeTreeFamily_Deduplicates(string engine, string engineFull)
    {
        var target = InsertTarget.Classify(Table("t_local", engine, engineFull), null);

        Assert.Multiple(() =>
        {
            Assert.That(target.Deduplicates, Is.True, target.Description);
            Assert.That(target.IsDistributed, Is.False);
            Assert.That(target.Description, Is.EqualTo($"default.t_local ({engine}), deduplicating the last 100 blocks"));
            Assert.That(target.Scope, Is.EqualTo("ZooKeeper path /clickhouse/tables/1/default/t_local"), "only the replicas of one shard recognise a repeat");
        });
    }

    [TestCase("MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 1024")]
    [TestCase("ReplacingMergeTree", "ReplacingMergeTree(ver) ORDER BY id SETTINGS index_granularity = 8192")]
    [TestCase("Log", "Log")]
    [TestCase("Memory", "Memory")]
    [TestCase("Buffer", "Buffer(default, t_local, 16, 10, 100, 10000, 1000000, 10000000, 100000000)")]
    [TestCase("MaterializedView", "")]
    [TestCase("Merge", "Merge(default, '^t_')")]
    public void Classify_TablesWithoutReplication_DoNotDeduplicate(string engine, string engineFull)
    {
        Assert.That(InsertTarget.Classify(Table("t", engine, engineFull), null).Deduplicates, Is.False);
    }

    [Test]
    public void Classify_ReplicatedWithItsWindowSetToZero_DoesNotDeduplicate()
    {
        var target = InsertTarget.Classify(
            Table("t", "ReplicatedMergeTree", "ReplicatedMergeTree('/p', 'r') ORDER BY id SETTINGS index_granularity = 8192, replicated_deduplication_window = 0"),
            null);

        Assert.Multiple(() =>
        {
            Assert.That(target.Deduplicates, Is.False);
            Assert.That(target.Description, Does.Contain("replicated_deduplication_window = 0"));
        });
    }

    [Test]
    public void Classify_ReplicatedWithItsOwnWindow_TakesItOverTheServerDefault()
    {
        var target = InsertTarget.Classify(
            Table("t", "ReplicatedMergeTree", "ReplicatedMergeTree('/p', 'r') ORDER BY id SETTINGS replicated_deduplication_window = 1000") with { ReplicatedWindow = "0" },
            null);

        Assert.That(target.Description, Does.EndWith("deduplicating the last 1000 blocks"));
    }

    [TestCase("0")]
    [TestCase("")]
    public void Classify_ReplicatedWithTheServerWindowZeroOrUnknown_DoesNotDeduplicate(string window)
    {
        Assert.That(InsertTarget.Classify(Table("t", "ReplicatedMergeTree", Replicated) with { ReplicatedWindow = window }, null).Deduplicates, Is.False);
    }

    [Test]
    public void Classify_ReplicatedWithInsertDeduplicateOff_DoesNotDeduplicate()
    {
        var target = InsertTarget.Classify(Table("t", "ReplicatedMergeTree", Replicated) with { InsertDeduplicate = "0" }, null);

        Assert.That((target.Deduplicates, target.Description), Is.EqualTo((false, "default.t (ReplicatedMergeTree): the setting insert_deduplicate is off for this user")));
    }

    [Test]
    public void Classify_ReplicatedMissingFromSystemReplicas_DoesNotDeduplicate()
    {
        var target = InsertTarget.Classify(Table("t", "ReplicatedMergeTree", Replicated) with { ZooKeeperPath = string.Empty }, null);

        Assert.That((target.Deduplicates, target.Scope), Is.EqualTo((false, (string?)null)));
    }

    [Test]
    public void Classify_MergeTreeWithANonReplicatedWindow_Deduplicates()
    {
        var own = Table("t", "MergeTree", "MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100, index_granularity = 8192");
        var serverWide = Table("t", "MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192") with { NonReplicatedWindow = "50" };

        Assert.Multiple(() =>
        {
            Assert.That(InsertTarget.Classify(own, null).Deduplicates, Is.True);
            Assert.That(InsertTarget.Classify(own, null).Scope, Is.EqualTo("server ch1:9000"), "a local table: only its own server recognises a repeat");
            Assert.That(InsertTarget.Classify(serverWide, null).Deduplicates, Is.True);
            Assert.That(InsertTarget.Classify(serverWide with { NonReplicatedWindow = "0" }, null).Deduplicates, Is.False);
        });
    }

    [TestCase("Distributed(ja4, default, t_local, cityHash64(ja4))", "cityHash64(ja4)")]
    [TestCase("Distributed('ja4', 'default', 't_local', intHash64(id) % 7)", "intHash64(id) % 7")]
    [TestCase("Distributed(ja4, `default`, `t_local`, xxHash64(src_ip, 'rand()'))", "xxHash64(src_ip, 'rand()')")]
    [TestCase("Distributed(ja4, currentDatabase(), t_local, id)", "id")]
    [TestCase("Distributed(ja4, default, t_local, sipHash64(concat(ja4, ',', toString(id))), 'ssd_policy')", "sipHash64(concat(ja4, ',', toString(id)))")]
    public void Classify_DistributedOverReplicated_ByADeterministicKey_Deduplicates(string engineFull, string key)
    {
        var distributed = Table("t", "Distributed", engineFull);

        var underlying = InsertTarget.UnderlyingTable(distributed);
        var target = InsertTarget.Classify(distributed, Table("t_local", "ReplicatedMergeTree", Replicated));

        Assert.Multiple(() =>
        {
            Assert.That(underlying, Is.EqualTo(("default", "t_local")));
            Assert.That((target.Deduplicates, target.IsDistributed), Is.EqualTo((true, true)), target.Description);
            Assert.That(target.Description, Is.EqualTo(
                $"Distributed table t sharded by {key} over default.t_local (ReplicatedMergeTree), deduplicating the last 100 blocks"));
            Assert.That(target.Scope, Is.EqualTo($"cluster ja4, table default.t_local, sharding key {key}"), "the same from every node");
        });
    }

    [TestCase("Distributed(ja4, default, t_local, rand())", "rand")]
    [TestCase("Distributed(ja4, default, t_local, RAND64() % 2)", "RAND64")]
    [TestCase("Distributed(ja4, default, t_local, cityHash64(toString(now())))", "now")]
    [TestCase("Distributed(ja4, default, t_local, rowNumberInAllBlocks())", "rowNumberInAllBlocks")]
    [TestCase("Distributed(ja4, default, t_local, cityHash64(getMacro('replica')))", "getMacro")]
    [TestCase("Distributed(ja4, default, t_local, generateUUIDv4())", "generateUUIDv4")]
    public void Classify_DistributedByANonDeterministicKey_DoesNotDeduplicate(string engineFull, string culprit)
    {
        var target = InsertTarget.Classify(Table("t", "Distributed", engineFull), Table("t_local", "ReplicatedMergeTree", Replicated));

        Assert.Multiple(() =>
        {
            Assert.That(target.Deduplicates, Is.False);
            Assert.That(target.Description, Does.Contain($"which calls {culprit}(): a repeat may send rows to other shards"));
        });
    }

    [Test]
    public void Classify_DistributedWithoutAShardingKey_DoesNotDeduplicate()
    {
        var target = InsertTarget.Classify(Table("t", "Distributed", "Distributed(ja4, default, t_local)"), Table("t_local", "ReplicatedMergeTree", Replicated));

        Assert.That((target.Deduplicates, target.Description), Is.EqualTo((false, "Distributed table t has no sharding key, so a repeat may send rows to another shard")));
    }

    [Test]
    public void Classify_DistributedOverPlainMergeTree_DoesNotDeduplicate()
    {
        var target = InsertTarget.Classify(
            Table("t", "Distributed", "Distributed(ja4, default, t_local, cityHash64(ja4))"),
            Table("t_local", "MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192"));

        Assert.That((target.Deduplicates, target.Description), Is.EqualTo((false, "Distributed table t over default.t_local (MergeTree) does not deduplicate inserted blocks")));
    }

    [Test]
    public void Classify_DistributedWhoseTableThisServerLacks_DoesNotDeduplicate()
    {
        var target = InsertTarget.Classify(Table("t", "Distributed", "Distributed(ja4, other_db, t_local, id)"), null);

        Assert.That(target.Description, Is.EqualTo("Distributed table t writes to other_db.t_local, which this server does not have"));
    }

    [TestCase("Distributed(ja4, concat('de', 'fault'), t_local, id)")]
    [TestCase("Distributed(ja4)")]
    [TestCase("Distributed(ja4, default, t_local, cityHash64(id)")]
    public void Classify_DistributedArgumentsThatCannotBeRead_DoNotDeduplicate(string engineFull)
    {
        var target = InsertTarget.Classify(Table("t", "Distributed", engineFull), Table("t_local", "ReplicatedMergeTree", Replicated));

        Assert.That((target.Deduplicates, InsertTarget.UnderlyingTable(Table("t", "Distributed", engineFull))), Is.EqualTo((false, ((string, string)?)null)));
    }

    [Test]
    public void EngineDefinition_SplitsArgumentsAtTopLevelCommas_AndReadsTheSettingsClause()
    {
        var engine = EngineDefinition.Parse(
            "ReplicatedMergeTree('/clickhouse/tables/{shard}/a,b\\'c/t', '{replica}') PARTITION BY (a, b) ORDER BY (x, y) "
            + "SETTINGS index_granularity = 8192, replicated_deduplication_window = 7");

        Assert.Multiple(() =>
        {
            Assert.That(engine!.Name, Is.EqualTo("ReplicatedMergeTree"));
            Assert.That(engine.Arguments, Is.EqualTo((string[])["'/clickhouse/tables/{shard}/a,b\\'c/t'", "'{replica}'"]));
            Assert.That(engine.Settings, Is.EqualTo(new Dictionary<string, string> { ["index_granularity"] = "8192", ["replicated_deduplication_window"] = "7" }));
            Assert.That(EngineDefinition.Unquote("'a\\'b'"), Is.EqualTo("a'b"));
            Assert.That(EngineDefinition.Unquote("`t_local`"), Is.EqualTo("t_local"));
            Assert.That(EngineDefinition.Unquote("currentDatabase()"), Is.Null);
        });
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("(x)")]
    public void EngineDefinition_NoEngineName_IsNull(string? text)
    {
        Assert.That(EngineDefinition.Parse(text), Is.Null);
    }

    [Test]
    public void Volatile_KeepsOnlyServerExpressionsThatDifferBetweenAttempts()
    {
        var columns = InsertTarget.Volatile(
        [
            new ServerFilledColumn("ingested_at", "DEFAULT", "now()"),
            new ServerFilledColumn("day", "MATERIALIZED", "toDate(ts)"),
            new ServerFilledColumn("id", "MATERIALIZED", "generateUUIDv4()"),
            new ServerFilledColumn("label", "DEFAULT", "'now()'"),
            new ServerFilledColumn("age", "ALIAS", "now() - ts"),
        ]);

        Assert.That(columns.Select(c => c.Name), Is.EqualTo((string[])["ingested_at", "id"]), "deterministic, quoted and ALIAS (never stored) ones are not");
    }

    [TestCase(null, null)]
    [TestCase(new[] { "ts", "line" }, "ingested_at")]
    [TestCase(new[] { "ts", "line", "ingested_at" }, null)]
    public void WhyNotRepeatable_DefaultNow_OnlyWhenTheInsertLeavesItToTheServer(string[]? columns, string? culprit)
    {
        var target = InsertTarget.Classify(Table("t_local", "ReplicatedMergeTree", Replicated), null) with
        {
            VolatileColumns = [new ServerFilledColumn("ingested_at", "DEFAULT", "now()")],
        };

        var why = target.WhyNotRepeatable(columns);

        if (culprit is null)
        {
            Assert.That(why, Is.Null, "all columns, or the column given: the client sends the value, the repeat is the same block");
        }
        else
        {
            Assert.That(why, Does.Contain($"leaves column {culprit} to the server (DEFAULT now())"));
        }
    }

    [Test]
    public void WhyNotRepeatable_MaterializedNow_AlwaysLeftToTheServer()
    {
        var target = InsertTarget.Classify(Table("t_local", "ReplicatedMergeTree", Replicated), null) with
        {
            VolatileColumns = [new ServerFilledColumn("seen", "MATERIALIZED", "now64()")],
        };

        Assert.Multiple(() =>
        {
            Assert.That(target.WhyNotRepeatable(null), Does.Contain("seen"));
            Assert.That(target.WhyNotRepeatable(["a", "seen"]), Does.Contain("seen"), "a MATERIALIZED column cannot be inserted");
        });
    }

    [Test]
    public void WhyNotRepeatable_TableThatDoesNotDeduplicate_SaysWhy()
    {
        var target = InsertTarget.Classify(Table("t", "MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 1024"), null);

        Assert.That(target.WhyNotRepeatable(null), Is.EqualTo(target.Description));
    }

    [Test]
    public void Cache_KeepsAClassificationForAMinute()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var cache = new InsertTargetCache(time);
        var target = InsertTarget.NotDeduplicating("test");
        cache.Set("t", target);

        time.Advance(InsertTargetCache.Lifetime - TimeSpan.FromSeconds(1));
        var fresh = cache.TryGet("t", out var found);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That((fresh, found), Is.EqualTo((true, target)));
            Assert.That(cache.TryGet("t", out _), Is.False);
            Assert.That(cache.TryGet("other", out _), Is.False);
        });
    }

    private static TableFacts Table(string name, string engine, string engineFull) => new(
        "default",
        name,
        engine,
        engineFull,
        InsertDeduplicate: "1",
        ReplicatedWindow: "100",
        NonReplicatedWindow: string.Empty,
        ZooKeeperPath: engine.StartsWith("Replicated", StringComparison.Ordinal) ? $"/clickhouse/tables/1/default/{name}" : string.Empty,
        Server: "ch1:9000");
}
