using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// What an insert's table does with a block it has already stored, decided from <c>system.tables</c>: whether the
/// facade may repeat an insert whose outcome is unknown (docs/reliability.md, "Inserts that survive a node dying").
/// </summary>
/// <param name="Deduplicates">
/// True when the server drops a block identical to one it stored recently: <c>Replicated*MergeTree</c> with
/// <c>insert_deduplicate</c> on and a deduplication window above 0, a <c>MergeTree</c> with
/// <c>non_replicated_deduplication_window</c> above 0, or a <c>Distributed</c> table over such a replicated table whose
/// sharding key is deterministic (every initiator sends the same rows to the same shard, in the same blocks).
/// </param>
/// <param name="IsDistributed">A Distributed table: its inserts are sent with <c>insert_distributed_sync=1</c> (see the docs).</param>
/// <param name="Description">Why, in words, for messages and logs.</param>
/// <param name="Scope">
/// Where the server remembers the blocks it stored, when <paramref name="Deduplicates"/>: a replicated table's
/// ZooKeeper path (shared by the replicas of one shard only), a Distributed table's cluster, table and sharding key
/// (the same from every node), or the one server of a non-replicated table. A repeat is only recognised within the
/// same scope, so a repeat that reaches a host of another scope (a replica of another shard) goes elsewhere.
/// </param>
internal sealed partial record InsertTarget(bool Deduplicates, bool IsDistributed, string Description, string? Scope = null)
{
    // Functions whose result differs between calls, blocks, servers or settings: a sharding key using one may send
    // the rows of a repeated insert to other shards than the first attempt did, where they are not duplicates.
    private static readonly FrozenSet<string> NonDeterministic = new[]
    {
        "rand", "rand32", "rand64", "randConstant", "randCanonical", "randUniform", "randNormal", "randLogNormal",
        "randExponential", "randChiSquared", "randStudentT", "randFisherF", "randBernoulli", "randBinomial",
        "randNegativeBinomial", "randPoisson", "randomString", "randomFixedString", "randomPrintableASCII",
        "randomStringUTF8", "fuzzBits", "generateUUIDv4", "generateUUIDv7", "generateULID", "generateSnowflakeID",
        "generateSerialID", "now", "now64", "nowInBlock", "today", "yesterday", "rowNumberInBlock",
        "rowNumberInAllBlocks", "blockNumber", "blockSize", "runningDifference", "runningDifferenceStartingWithFirstValue",
        "runningAccumulate", "neighbor", "hostName", "hostname", "fqdn", "FQDN", "uptime", "serverUUID", "shardNum",
        "shardCount", "getMacro", "getSetting", "queryID", "initialQueryID", "currentQueryID", "tcpPort",
        "currentUser", "user", "currentProfiles", "currentRoles", "dictGet", "joinGet",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static InsertTarget NotDeduplicating(string why) => new(false, false, why);

    /// <summary>The scope of <paramref name="target"/> in words, for messages; also for a table that does not deduplicate.</summary>
    public static string ScopeText(InsertTarget? target) => target?.Scope ?? "a table that does not deduplicate";

    /// <summary>
    /// For a Distributed table, the table its inserts end up in (database, table); null for any other engine or
    /// when the arguments cannot be read.
    /// </summary>
    /// <param name="facts">The Distributed table.</param>
    public static (string Database, string Table)? UnderlyingTable(TableFacts facts)
    {
        if (facts.Engine != "Distributed" || EngineDefinition.Parse(facts.EngineFull) is not { Arguments.Count: >= 3 } engine)
        {
            return null;
        }

        var database = engine.Arguments[1].Trim() == "currentDatabase()" ? facts.Database : EngineDefinition.Unquote(engine.Arguments[1]);
        var table = EngineDefinition.Unquote(engine.Arguments[2]);
        return database is null || table is null ? null : (database, table);
    }

    /// <summary>Classifies <paramref name="target"/>; for a Distributed table, <paramref name="underlying"/> is what <see cref="UnderlyingTable"/> named.</summary>
    public static InsertTarget Classify(TableFacts target, TableFacts? underlying)
    {
        if (target.Engine != "Distributed")
        {
            return ClassifyStored(target);
        }

        if (UnderlyingTable(target) is not { } source)
        {
            return NotDeduplicating($"Distributed table {target.Name}: its engine arguments cannot be read ({target.EngineFull})");
        }

        var key = EngineDefinition.Parse(target.EngineFull)!.Arguments.ElementAtOrDefault(3);
        if (key is null)
        {
            return NotDeduplicating($"Distributed table {target.Name} has no sharding key, so a repeat may send rows to another shard");
        }

        if (NonDeterministicCall(key) is { } culprit)
        {
            return NotDeduplicating($"Distributed table {target.Name} shards by {key}, which calls {culprit}(): a repeat may send rows to other shards");
        }

        if (underlying is null)
        {
            return NotDeduplicating($"Distributed table {target.Name} writes to {source.Database}.{source.Table}, which this server does not have");
        }

        var stored = ClassifyStored(underlying);
        var cluster = EngineDefinition.Unquote(EngineDefinition.Parse(target.EngineFull)!.Arguments[0]) ?? target.EngineFull;
        return stored.Deduplicates
            ? new InsertTarget(
                true, true, $"Distributed table {target.Name} sharded by {key} over {stored.Description}",
                $"cluster {cluster}, table {source.Database}.{source.Table}, sharding key {key}")
            : NotDeduplicating($"Distributed table {target.Name} over {stored.Description}");
    }

    /// <summary>The first function <paramref name="expression"/> calls whose result is not a function of its arguments; null when none.</summary>
    public static string? NonDeterministicCall(string expression)
    {
        foreach (Match call in FunctionCall().Matches(QuotedText().Replace(expression, "''")))
        {
            if (NonDeterministic.Contains(call.Groups[1].Value))
            {
                return call.Groups[1].Value;
            }
        }

        return null;
    }

    private static InsertTarget ClassifyStored(TableFacts table)
    {
        var engine = EngineDefinition.Parse(table.EngineFull);
        var name = $"{table.Database}.{table.Name} ({table.Engine})";
        if (engine is null || !table.Engine.EndsWith("MergeTree", StringComparison.Ordinal))
        {
            return NotDeduplicating($"{name} does not deduplicate inserted blocks");
        }

        var replicated = table.Engine.StartsWith("Replicated", StringComparison.Ordinal);
        if (replicated && table.InsertDeduplicate is "0" or "false")
        {
            return NotDeduplicating($"{name}: the setting insert_deduplicate is off for this user");
        }

        var setting = replicated ? "replicated_deduplication_window" : "non_replicated_deduplication_window";
        var window = engine.Settings.TryGetValue(setting, out var own) ? own : replicated ? table.ReplicatedWindow : table.NonReplicatedWindow;
        if (!long.TryParse(window, NumberStyles.None, CultureInfo.InvariantCulture, out var blocks) || blocks <= 0)
        {
            return NotDeduplicating(replicated ? $"{name} with {setting} = {window}" : $"{name} does not deduplicate inserted blocks");
        }

        if (replicated && table.ZooKeeperPath.Length == 0)
        {
            return NotDeduplicating($"{name} is not in system.replicas, so its replica set is unknown");
        }

        return new InsertTarget(
            true, false, $"{name}, deduplicating the last {blocks} blocks",
            replicated ? $"ZooKeeper path {table.ZooKeeperPath}" : $"server {table.Server}");
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex FunctionCall();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'")]
    private static partial Regex QuotedText();
}

/// <summary>
/// One table as a server describes it: <c>system.tables</c> (database, name, engine, engine_full), its ZooKeeper path
/// from <c>system.replicas</c> (empty unless replicated), the settings that decide deduplication (the user's
/// <c>insert_deduplicate</c>, the server's MergeTree defaults; empty when the server has no such setting), and the
/// server it was read on (<c>host:port</c>).
/// </summary>
internal sealed record TableFacts(
    string Database,
    string Name,
    string Engine,
    string EngineFull,
    string InsertDeduplicate,
    string ReplicatedWindow,
    string NonReplicatedWindow,
    string ZooKeeperPath,
    string Server);
