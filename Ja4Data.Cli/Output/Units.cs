using System.Globalization;

namespace Ja4Data.Cli.Output;

/// <summary>Human-readable numbers, always in the invariant culture.</summary>
internal static class Units
{
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Decimal megabytes (1 MB = 10^6 bytes), as throughput figures are usually quoted.</summary>
    public static string Megabytes(long bytes) => (bytes / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " MB";

    public static string Milliseconds(double ms) => ms.ToString(ms < 10 ? "N2" : "N1", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "N3" : "N2", CultureInfo.InvariantCulture) + " s";

    public static string Ratio(double ratio) => ratio.ToString("N2", CultureInfo.InvariantCulture) + "x";

    /// <summary>A query result value for a table cell.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "NULL",
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        float f => f.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
