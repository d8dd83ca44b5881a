using System.Diagnostics;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// What a call costs in memory, in this process: the managed heap the result holds after a full collection, and the
/// peaks of the managed heap and of the working set while it ran (sampled every few milliseconds), each over the
/// level before the call. The working set also counts memory the runtime keeps from earlier work, so its growth is a
/// lower bound; the held figure is exact.
/// </summary>
internal sealed record MemoryProbe(long HeldBytes, long PeakHeapGrowth, long PeakWorkingSetGrowth)
{
    public static async Task<(T Result, MemoryProbe Memory)> MeasureAsync<T>(Func<Task<T>> run)
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

        var result = await run();
        await stop.CancelAsync();
        await sampler;
        Sample();
        var held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;
        GC.KeepAlive(result);
        return (result, new MemoryProbe(held, peakHeap - heldBefore, peakWorkingSet - workingSetBefore));

        void Sample()
        {
            process.Refresh();
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        }
    }
}
