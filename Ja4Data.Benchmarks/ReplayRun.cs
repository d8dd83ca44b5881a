using System.Diagnostics;
using System.Globalization;
using Ja4Data.Cli.Bench;

namespace Ja4Data.Benchmarks;

/// <summary>
/// <c>replay MODE [ITERATIONS] [ROWS]</c>: reads the recorded result ITERATIONS times in one process and prints wall
/// time, CPU time of this process and managed allocations per iteration. CPU time (rather than BenchmarkDotNet's wall
/// clock) is what stays comparable on a loaded shared machine; the first iteration is the cold one. Modes: typed
/// (async ReadAsync + typed getters), typed-sync (Read + typed getters), values (GetValues), query (facade Query).
/// </summary>
internal static class ReplayRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 1 ? args[1] : "typed";
        var iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var rows = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000_000;
        var recorded = RecordedResult.HttpLogs(rows);
        Console.WriteLine(FormattableString.Invariant($"{rows} rows, {recorded.PayloadBytes / 1e6:F1} MB Native, {recorded.ServerBytes.Length / 1e6:F1} MB on the wire"));
        var process = Process.GetCurrentProcess();
        var first = Stopwatch.StartNew();
        await using var replay = await ResultReplay.StartAsync(recorded);
        Console.WriteLine(FormattableString.Invariant($"first call (connect + cold read): {first.Elapsed.TotalMilliseconds:F0} ms"));
        for (var i = 0; i < iterations; i++)
        {
            GC.Collect();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gen0 = GC.CollectionCount(0);
            var wall = Stopwatch.StartNew();
            var read = mode switch
            {
                "typed" => await Ja4DataContenders.ReadAllAsync(replay.Client, RecordedResult.Sql, CancellationToken.None),
                "typed-sync" => ReadContenders.ReadTypedSync(replay.Client, RecordedResult.Sql),
                "values" => await ReadContenders.ReadBoxedAsync(replay.Client, RecordedResult.Sql),
                "query" => (await replay.Client.QueryAsync(RecordedResult.Sql)).ResultRows.Count,
                _ => throw new ArgumentException($"Unknown replay mode '{mode}': use typed, typed-sync, values or query."),
            };
            wall.Stop();
            process.Refresh();
            if (read != recorded.Rows)
            {
                throw new InvalidOperationException($"Read {read} rows, expected {recorded.Rows}.");
            }

            Console.WriteLine(FormattableString.Invariant(
                $"{mode} #{i + 1}: wall {wall.Elapsed.TotalMilliseconds:F0} ms, cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms, allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB, gen0 {GC.CollectionCount(0) - gen0}"));
        }

        return 0;
    }

    /// <summary><c>cold-read PORT SQL</c>: one typed-getter read in a new process (the cold contender of client-only).</summary>
    public static async Task<int> ColdReadAsync(string[] args)
    {
        var settings = Ja4Data.TestSupport.EndpointSettings.ForLoopback(int.Parse(args[1], CultureInfo.InvariantCulture), ClickHouseCompression.Lz4) with { CommandTimeout = TimeSpan.FromMinutes(5) };
        await using var client = new ClickHouseClient(settings);
        var rows = await Ja4DataContenders.ReadAllAsync(client, args[2], CancellationToken.None);
        return rows > 0 ? 0 : 1;
    }
}
