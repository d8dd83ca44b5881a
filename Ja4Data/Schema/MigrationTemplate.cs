using System.Text.RegularExpressions;

namespace Ja4Data.Schema;

/// <summary>The <c>{logs_db}</c> and <c>{processing_db}</c> placeholders of migration templates.</summary>
internal static partial class MigrationTemplate
{
    public const string LogsPlaceholder = "{logs_db}";
    public const string ProcessingPlaceholder = "{processing_db}";

    /// <summary>Replaces both placeholders with the back-quoted names; callers validate the names first.</summary>
    public static string Substitute(string template, string logsDatabase, string processingDatabase)
        => template
            .Replace(LogsPlaceholder, ClickHouseIdentifier.Quote(logsDatabase), StringComparison.Ordinal)
            .Replace(ProcessingPlaceholder, ClickHouseIdentifier.Quote(processingDatabase), StringComparison.Ordinal);

    /// <summary>Placeholder-shaped tokens other than the two known ones, so a typo fails when the library loads, not on a server.</summary>
    public static IEnumerable<string> UnknownPlaceholders(string template)
        => PlaceholderPattern().Matches(template)
            .Select(m => m.Value)
            .Where(p => p is not (LogsPlaceholder or ProcessingPlaceholder))
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\{[A-Za-z_][A-Za-z0-9_]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
