using System.Collections.Frozen;
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
    /// <summary>
    /// Columns of the table (and, for a Distributed table, of the table it writes to) that the server fills with a
    /// value of its own choosing when an insert omits them: a <c>DEFAULT</c> or <c>MATERIALIZED</c> expression that
    /// calls a function such as <c>now()</c>. Empty when there are none or the table does not deduplicate.
    /// </summary>
    public IReadOnlyList<ServerFilledColumn> VolatileColumns { get; init; } = [];

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

    /// <summary>
    /// Whether an insert of <paramref name="columns"/> (null or empty: the columns the server announces, which are all
    /// but the MATERIALIZED and ALIAS ones) may be repeated after an unknown outcome: the table deduplicates, and no
    /// column the insert leaves to the server gets a value that differs between attempts. Such a value (an
    /// <c>ingested_at DEFAULT now()</c> a second later) makes the repeated block another block, which the server stores
    /// beside the first one. Null when repeating is safe; otherwise why not, for messages.
    /// </summary>
    public string? WhyNotRepeatable(IReadOnlyList<string>? columns)
    {
        if (!Deduplicates)
        {
            return Description;
        }

        foreach (var column in VolatileColumns)
        {
            var omitted = column.Kind == "MATERIALIZED" || (columns is { Count: > 0 } && !columns.Contains(column.Name, StringComparer.Ordinal));
            if (omitted)
            {
                return $"{Description}, but the insert leaves column {column.Name} to the server ({column.Kind} {column.Expression}), "
                    + "so a repeat would be another block";
            }
        }

        return null;
    }

    /// <summary>
    /// Of the columns with a server-side expression, those whose value differs between attempts (see
    /// <see cref="VolatileColumns"/>).
    /// </summary>
    public static IReadOnlyList<ServerFilledColumn> Volatile(IEnumerable<ServerFilledColumn> columns) =>
        [.. columns.Where(static c => c.Kind is "DEFAULT" or "MATERIALIZED" && NonDeterministicCall(c.Expression) is not null)];

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

/// <summary>A column whose value the server computes from <paramref name="Expression"/>: <paramref name="Kind"/> is <c>system.columns.default_kind</c>.</summary>
internal sealed record ServerFilledColumn(string Name, string Kind, string Expression);
