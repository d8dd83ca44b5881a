using System.Text.Json;

namespace Ja4Data.Cli.Bench;

/// <summary>Reads clickhouse-benchmark's <c>--json</c> report.</summary>
internal static class BenchmarkReport
{
    /// <summary>The <c>statistics.QPS</c> value.</summary>
    /// <exception cref="FormatException">The report has no QPS.</exception>
    public static double ParseQps(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("statistics", out var statistics) && statistics.TryGetProperty("QPS", out var qps) && qps.ValueKind == JsonValueKind.Number
            ? qps.GetDouble()
            : throw new FormatException("The clickhouse-benchmark report has no statistics.QPS.");
    }
}
