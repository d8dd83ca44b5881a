using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Ja4Data.Benchmarks;

/// <summary>
/// MB/s (10^6 bytes per second) for benchmarks that say how many payload bytes one operation handles: their class has
/// a public static <c>double PayloadBytes(string method, IReadOnlyDictionary&lt;string, object&gt; parameters)</c>.
/// </summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Payload megabytes (10^6 bytes) per second at the mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var method = benchmarkCase.Descriptor.Type.GetMethod("PayloadBytes", [typeof(string), typeof(IReadOnlyDictionary<string, object>)]);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (method is null || mean is not > 0)
        {
            return "-";
        }

        var parameters = benchmarkCase.Parameters.Items.ToDictionary(p => p.Name, p => p.Value);
        var bytes = (double)method.Invoke(null, [benchmarkCase.Descriptor.WorkloadMethod.Name, parameters])!;
        return bytes <= 0 ? "-" : (bytes / mean.Value * 1000).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
