using System.Text.RegularExpressions;

namespace Ja4Data.Schema;

/// <summary>
/// The placeholders of migration templates, and the two ways a template is rendered: for one server, and for every
/// node of a cluster (docs/cluster.md).
/// </summary>
/// <remarks>
/// <para><c>{logs_db}</c> and <c>{processing_db}</c> become the configured database names.</para>
/// <para>The cluster placeholders say what a table or view becomes on a cluster and vanish without a trace on one
/// server, so the single-server rendering of a migration written before cluster support is that file's original
/// text, byte for byte, and keeps its recorded checksum:</para>
/// <list type="bullet">
/// <item><c>{on_cluster}</c> after an object's name: nothing, or <c> ON CLUSTER `name`</c>.</item>
/// <item><c>{local:t}</c>, always right after a database placeholder and a dot: <c>t</c>, or <c>t_local</c>, the
/// table each node holds.</item>
/// <item><c>{engine:XMergeTree(args)}</c> in the CREATE TABLE of the last <c>{local:t}</c>: the engine as written,
/// or <c>ReplicatedXMergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}', args)</c>.</item>
/// <item><c>{distributed:key}</c> at the end of that CREATE TABLE: nothing, or a second statement creating
/// <c>t</c> as a Distributed table over <c>t_local</c> with <c>key</c> as its sharding key.</item>
/// </list>
/// </remarks>
internal static partial class MigrationTemplate
{
    public const string LogsPlaceholder = "{" + LogsTag + "}";
    public const string ProcessingPlaceholder = "{" + ProcessingTag + "}";
    public const string OnClusterPlaceholder = "{" + OnClusterTag + "}";

    /// <summary>Suffix of the table each node holds; the plain name is the Distributed table over it.</summary>
    public const string LocalSuffix = "_local";

    private const string LogsTag = "logs_db";
    private const string ProcessingTag = "processing_db";
    private const string OnClusterTag = "on_cluster";
    private const string LocalTag = "local";
    private const string EngineTag = "engine";
    private const string DistributedTag = "distributed";

    /// <summary>Every placeholder, for messages.</summary>
    public static string Known { get; } =
        $"{LogsPlaceholder}, {ProcessingPlaceholder}, {OnClusterPlaceholder}, {{{LocalTag}:table}}, {{{EngineTag}:XMergeTree(args)}} and {{{DistributedTag}:sharding key}}";

    /// <summary>
    /// Resolves the cluster placeholders for one server (<paramref name="cluster"/> null) or for every node of
    /// <paramref name="cluster"/>. The database placeholders stay, except inside ZooKeeper paths, a string literal,
    /// where <paramref name="databaseName"/> of the placeholder is written (identity by default, which is the form
    /// checksums are taken of). Callers validate <paramref name="cluster"/> as an identifier first.
    /// </summary>
    /// <exception cref="FormatException">A cluster placeholder is misplaced or malformed.</exception>
    public static string ResolveLayout(string template, string? cluster, Func<string, string>? databaseName = null)
    {
        databaseName ??= static placeholder => placeholder;
        var text = new StringBuilder(template.Length + 256);
        (string Database, string Table)? local = null;
        string? replicatedTable = null;
        var last = 0;
        foreach (Match match in PlaceholderPattern().Matches(template))
        {
            text.Append(template, last, match.Index - last);
            last = match.Index + match.Length;
            var tag = match.Groups["tag"].Value;
            var argument = match.Groups["argument"].Success ? match.Groups["argument"].Value : null;
            switch (tag, argument)
            {
                case (LogsTag or ProcessingTag, null):
                    text.Append(match.Value);
                    break;
                case (OnClusterTag, null):
                    text.Append(cluster is null ? string.Empty : OnCluster(cluster));
                    break;
                case (LocalTag, not null):
                    local = (DatabaseBefore(template, match), ValidTable(argument));
                    text.Append(cluster is null ? argument : argument + LocalSuffix);
                    break;
                case (EngineTag, not null):
                    var (database, table) = local ?? throw new FormatException($"{match.Value} has no table: it belongs in the CREATE TABLE of a {{{LocalTag}:table}}.");
                    text.Append(cluster is null ? argument : ReplicatedEngine(argument, databaseName(database), table));
                    replicatedTable = table;
                    break;
                case (DistributedTag, not null):
                    if (local is not { } created || replicatedTable != created.Table)
                    {
                        throw new FormatException($"{match.Value} must end the CREATE TABLE of a {{{LocalTag}:table}} with an {{{EngineTag}:...}}.");
                    }

                    text.Append(cluster is null ? string.Empty : DistributedTable(cluster, created.Database, created.Table, ValidShardingKey(argument)));
                    break;
                default:
                    throw new FormatException($"Unknown placeholder {match.Value}; the placeholders are {Known}.");
            }
        }

        return text.Append(template, last, template.Length - last).ToString();
    }

    /// <summary>Replaces both database placeholders with the back-quoted names; callers validate the names first.</summary>
    public static string Substitute(string template, string logsDatabase, string processingDatabase)
        => template
            .Replace(LogsPlaceholder, ClickHouseIdentifier.Quote(logsDatabase), StringComparison.Ordinal)
            .Replace(ProcessingPlaceholder, ClickHouseIdentifier.Quote(processingDatabase), StringComparison.Ordinal);

    /// <summary>The plain name standing for a database placeholder, for ZooKeeper paths.</summary>
    public static Func<string, string> DatabaseNames(string logsDatabase, string processingDatabase)
        => placeholder => placeholder == LogsPlaceholder ? logsDatabase : processingDatabase;

    /// <summary><c> ON CLUSTER `name`</c>, with its leading space.</summary>
    public static string OnCluster(string cluster) => " ON CLUSTER " + ClickHouseIdentifier.Quote(cluster);

    /// <summary>Placeholder-shaped tokens that are not placeholders, so a typo fails when the library loads, not on a server.</summary>
    public static IEnumerable<string> UnknownPlaceholders(string template)
        => PlaceholderPattern().Matches(template)
            .Where(m => m.Groups["tag"].Value is not (LogsTag or ProcessingTag or OnClusterTag or LocalTag or EngineTag or DistributedTag))
            .Select(m => m.Value)
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The tables (<c>{logs_db}.t</c>) a template names through <c>{local:t}</c>, each with whether the template
    /// creates it (an <c>{engine:...}</c> follows), in order of appearance.
    /// </summary>
    public static IEnumerable<(string Table, bool Created)> LocalTables(string template)
    {
        string? local = null;
        foreach (Match match in PlaceholderPattern().Matches(template))
        {
            switch (match.Groups["tag"].Value)
            {
                case LocalTag:
                    if (local is not null)
                    {
                        yield return (local, false);
                    }

                    local = DatabaseBefore(template, match) + "." + match.Groups["argument"].Value;
                    break;
                case EngineTag when local is not null:
                    yield return (local, true);
                    local = null;
                    break;
            }
        }

        if (local is not null)
        {
            yield return (local, false);
        }
    }

    private static string DatabaseBefore(string template, Match local)
    {
        foreach (var database in (string[])[LogsPlaceholder, ProcessingPlaceholder])
        {
            if (template.AsSpan(0, local.Index).EndsWith(database + ".", StringComparison.Ordinal))
            {
                return database;
            }
        }

        throw new FormatException($"{local.Value} must follow {LogsPlaceholder}. or {ProcessingPlaceholder}. (the database decides the ZooKeeper path).");
    }

    private static string ValidTable(string table) => TablePattern().IsMatch(table)
        ? table
        : throw new FormatException($"{{{LocalTag}:{table}}} must name a table in lower case: letters, digits and '_'.");

    // A row's shard must follow from the row alone, so that an insert repeated after an unknown outcome reaches the
    // same shard and its replicas drop the repeated block.
    private static string ValidShardingKey(string key) => NondeterministicPattern().IsMatch(key) || string.IsNullOrWhiteSpace(key)
        ? throw new FormatException($"{{{DistributedTag}:{key}}}: the sharding key must be a deterministic expression of the row's columns, for example cityHash64(src_ip).")
        : key;

    /// <summary>
    /// Replicated twin of a MergeTree-family engine. The ZooKeeper path names database and table explicitly rather
    /// than through the {database} and {table} macros: ClickHouse 18.16 keeps those macros unexpanded in the table's
    /// metadata, so a renamed table would look for its replicas elsewhere after a restart.
    /// </summary>
    private static string ReplicatedEngine(string engine, string database, string table)
    {
        var match = EnginePattern().Match(engine);
        if (!match.Success)
        {
            throw new FormatException($"{{{EngineTag}:{engine}}} must be a MergeTree-family engine, for example MergeTree or ReplacingMergeTree(updated_at).");
        }

        var arguments = match.Groups["arguments"].Success && match.Groups["arguments"].Value.Trim().Length > 0
            ? ", " + match.Groups["arguments"].Value
            : string.Empty;
        return $"Replicated{match.Groups["family"].Value}('/clickhouse/tables/{{shard}}/{database}/{table}{LocalSuffix}', '{{replica}}'{arguments})";
    }

    private static string DistributedTable(string cluster, string database, string table, string shardingKey)
    {
        var quotedCluster = ClickHouseIdentifier.Quote(cluster);
        return $";\n\nCREATE TABLE IF NOT EXISTS {database}.{table}{OnCluster(cluster)}\nAS {database}.{table}{LocalSuffix}\n"
            + $"ENGINE = Distributed({quotedCluster}, {database}, {table}{LocalSuffix}, {shardingKey})";
    }

    [GeneratedRegex(@"\{(?<tag>[A-Za-z_][A-Za-z0-9_]*)(:(?<argument>[^{}\n]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePattern();

    [GeneratedRegex(@"^(?<family>[A-Za-z]*MergeTree)(\((?<arguments>.*)\))?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex EnginePattern();

    [GeneratedRegex(@"\b(rand\w*|now\w*|today|yesterday|generateUUID\w*|rowNumberInAllBlocks|blockNumber)\s*\(", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NondeterministicPattern();
}
