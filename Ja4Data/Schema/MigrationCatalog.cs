using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Ja4Data.Schema;

/// <summary>
/// Reads the migrations embedded from <c>Schema/Migrations/*.sql</c>: version, database and name from the file name
/// <c>NNNN_(logs|processing)_name.sql</c>, metadata from leading <c>-- key: value</c> comment lines.
/// </summary>
internal static partial class MigrationCatalog
{
    public const string MinServerVersionKey = "min-server-version";

    private const string ResourcePrefix = "Ja4Data.Schema.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(LoadEmbedded);

    /// <summary>The library's migrations in version order.</summary>
    public static IReadOnlyList<Migration> Embedded => EmbeddedMigrations.Value;

    /// <summary>Parses one migration file.</summary>
    /// <exception cref="FormatException">The name, a header line or the SQL is malformed.</exception>
    public static Migration Parse(string fileName, string text)
    {
        var name = FileNamePattern().Match(fileName);
        if (!name.Success)
        {
            throw new FormatException($"Migration file '{fileName}' must be named NNNN_logs_name.sql or NNNN_processing_name.sql (lower case).");
        }

        var sql = Normalize(text);
        var minServerVersion = ReadHeader(fileName, sql);
        var unknown = MigrationTemplate.UnknownPlaceholders(sql).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"Migration '{fileName}' uses unknown placeholder(s) {string.Join(", ", unknown)}; the placeholders are {MigrationTemplate.Known}.");
        }

        Migration migration;
        try
        {
            migration = new Migration(
                int.Parse(name.Groups["version"].ValueSpan, CultureInfo.InvariantCulture),
                name.Groups["name"].Value,
                name.Groups["database"].Value,
                minServerVersion,
                sql,
                Checksum(MigrationTemplate.ResolveLayout(sql, cluster: null)));

            // Both renderings are checked here, so a malformed template fails when the library loads, not on a server.
            var statements = migration.Render("logs", "processing");
            _ = migration.Render("logs", "processing", "cluster");
            if (statements.Count == 0)
            {
                throw new FormatException("it holds no statement.");
            }
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Migration '{fileName}': {ex.Message}", ex);
        }

        return migration;
    }

    /// <summary>Sorts by version and rejects duplicates.</summary>
    public static IReadOnlyList<Migration> Order(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new FormatException($"Migrations {ordered[i - 1]} and {ordered[i]} share version {ordered[i].Version}.");
            }
        }

        ThrowOnUnknownLocalTables(ordered);
        return ordered;
    }

    /// <summary>Lower-case SHA-256 hex of the UTF-8 text.</summary>
    public static string Checksum(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));

    /// <summary>
    /// Drops a byte-order mark and turns CRLF into LF, so a checkout with Windows line endings has the same
    /// checksum and is not reported as drift.
    /// </summary>
    public static string Normalize(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");

    /// <summary>A <c>{local:t}</c> must name a table that this or an earlier migration creates with an engine.</summary>
    private static void ThrowOnUnknownLocalTables(IReadOnlyList<Migration> ordered)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var migration in ordered)
        {
            foreach (var (table, creates) in MigrationTemplate.LocalTables(migration.Sql))
            {
                if (creates)
                {
                    created.Add(table);
                }
                else if (!created.Contains(table))
                {
                    throw new FormatException(
                        $"Migration {migration} names {table} as a local table, but no migration up to it creates {table} with an {{engine:...}}.");
                }
            }
        }
    }

    private static Version? ReadHeader(string fileName, string sql)
    {
        Version? minServerVersion = null;
        foreach (var line in sql.Split('\n'))
        {
            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var meta = HeaderPattern().Match(line);
            if (!meta.Success)
            {
                continue;
            }

            var key = meta.Groups["key"].Value;
            var value = meta.Groups["value"].Value;
            if (key != MinServerVersionKey)
            {
                throw new FormatException($"Migration '{fileName}' has unknown header '{key}'; the only one is '{MinServerVersionKey}'.");
            }

            minServerVersion = MajorMinorPattern().IsMatch(value)
                ? Version.Parse(value)
                : throw new FormatException($"Migration '{fileName}': '{MinServerVersionKey}: {value}' must be major.minor, for example 20.3.");
        }

        return minServerVersion;
    }

    private static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var fileName = resource[..^".sql".Length];
            fileName = fileName[(fileName.LastIndexOf('.') + 1)..] + ".sql";
            migrations.Add(Parse(fileName, reader.ReadToEnd()));
        }

        return Order(migrations);
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<database>logs|processing)_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"^\d{1,4}\.\d{1,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex MajorMinorPattern();

    [GeneratedRegex(@"^--\s*(?<key>[a-z][a-z0-9]*(-[a-z0-9]+)*)\s*:\s*(?<value>.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();
}
