using System.Diagnostics;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// What a call costs in memory, in this process: the managed heap its result holds (full collections with the result
/// and again without it), and the peaks of the managed heap and of the working set while it ran (sampled every few
/// milliseconds), each over the lower of the levels before the call and after the result is dropped. The working set
/// also counts memory the runtime keeps from earlier work, so its growth is a lower bound; the held figure is exact.
/// </summary>
internal sealed record MemoryProbe(long HeldBytes, long PeakHeapGrowth, long PeakWorkingSetGrowth)
{
    /// <summary>Runs <paramref name="run"/> and measures it; returns <paramref name="measure"/> of the result (which is then dropped).</summary>
    public static async Task<(long Value, MemoryProbe Memory)> MeasureAsync<T>(Func<Task<T>> run, Func<T, long> measure)
        where T : class
    {
        var heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        long peakHeap = heldBefore, peakWorkingSet = workingSetBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
                await Task.Delay(5, CancellationToken.None);
            }
        });

        T? result = await run();
        await stop.CancelAsync();
        await sampler;
        Sample();
        var value = measure(result);
        var withResult = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        result = null;
        var withoutResult = GC.GetTotalMemory(forceFullCollection: true);
        var baseline = Math.Min(heldBefore, withoutResult);
        return (value, new MemoryProbe(withResult - withoutResult, peakHeap - baseline, peakWorkingSet - workingSetBefore));

        void Sample()
        {
            process.Refresh();
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        }
    }
}
