using System.Text.RegularExpressions;

namespace Ja4Data.Schema;

/// <summary>Reads the server's <c>version()</c> text (for example <c>18.16.1</c> or <c>26.7.2.1</c>).</summary>
internal static partial class ClickHouseVersion
{
    /// <exception cref="FormatException">The text does not start with at least major.minor.</exception>
    public static Version Parse(string? text)
    {
        var match = VersionPattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            throw new FormatException($"Cannot read a ClickHouse version from '{text}'.");
        }

        // Version takes at most four parts; builds like 23.8.1.2992 fit, anything after the digits (-lts) is ignored.
        return Version.Parse(match.Value);
    }

    [GeneratedRegex(@"^\d+\.\d+(\.\d+){0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
