using System.Globalization;
using System.Runtime.InteropServices;

namespace Ja4Data.Cli.Bench;

/// <summary>What the benchmark ran on, for the report.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, long MemoryBytes, string OperatingSystem, string Runtime)
{
    public static MachineInfo Current() => new(
        CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        MemoryTotal() ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Cpu}, {LogicalCores} logical cores, {MemoryBytes / (1024.0 * 1024 * 1024):N1} GiB RAM, {OperatingSystem}, {Runtime}");

    /// <summary>The "model name" of /proc/cpuinfo.</summary>
    internal static string? CpuModel(string path = "/proc/cpuinfo")
        => ReadField(path, "model name");

    /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg ("0.52 0.58 0.59"), or null.</summary>
    internal static string? LoadAverage(string path = "/proc/loadavg")
        => File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)) : null;

    /// <summary>MemTotal of /proc/meminfo, in bytes.</summary>
    internal static long? MemoryTotal(string path = "/proc/meminfo")
    {
        var text = ReadField(path, "MemTotal");
        return text is not null && long.TryParse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : null;
    }

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
