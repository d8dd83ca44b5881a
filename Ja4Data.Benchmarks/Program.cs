using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Ja4Data.Benchmarks;

/// <summary>
/// Micro-benchmarks of Ja4Data's hot paths. Run in Release, for example
/// <c>dotnet run -c Release --project Ja4Data.Benchmarks -- --filter '*' --job short</c>; the MB/s column is payload
/// bytes per operation over the mean time. <c>client-only</c> instead records a real server and times every contender
/// against its replay from memory (see <see cref="ClientOnly.ClientOnlyRun"/>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["client-only", ..])
        {
            return ClientOnly.ClientOnlyRun.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args is ["cold-read", _, _])
        {
            return ClientOnly.ColdRead.RunAsync(args).GetAwaiter().GetResult();
        }

        var config = DefaultConfig.Instance
            .AddColumn(new ThroughputColumn())
            .WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
