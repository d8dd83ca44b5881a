namespace Ja4Data.Tests.Hostile;

/// <summary>
/// Runs a call fed with hostile bytes and checks the three promises of docs/reliability.md ("Hostile input"): it fails
/// with a protocol error, within seconds, and the process allocated no more than a stated bound meanwhile.
/// </summary>
internal static class Bounded
{
    /// <summary>Generous: a bounded failure takes milliseconds; this only stops a hang from hanging the suite.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    public const long MiB = 1L << 20;

    /// <summary>Runs <paramref name="call"/> and returns the ClickHouseProtocolException it threw, possibly as the inner
    /// exception of a connection error (the connector that read the bytes is broken).</summary>
    public static ClickHouseProtocolException ProtocolError(Func<Task> call, long maxAllocatedBytes)
    {
        var (error, allocated) = Measure(call);
        TestContext.Out.WriteLine($"allocated {allocated:N0} bytes; {error?.GetType().Name}: {error?.Message}");
        Assert.That(error, Is.Not.Null, "the hostile input was accepted");
        var protocol = FindProtocolError(error!);
        Assert.That(protocol, Is.Not.Null, $"expected a ClickHouseProtocolException, got {error}");
        Assert.That(allocated, Is.LessThan(maxAllocatedBytes), "bytes allocated while failing");
        return protocol!;
    }

    /// <summary>Runs <paramref name="call"/>, which must succeed, and returns the bytes the process allocated meanwhile.</summary>
    public static long Succeeds(Func<Task> call)
    {
        var (error, allocated) = Measure(call);
        Assert.That(error, Is.Null, "the call failed");
        TestContext.Out.WriteLine($"allocated {allocated:N0} bytes");
        return allocated;
    }

    public static ClickHouseProtocolException? FindProtocolError(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is ClickHouseProtocolException protocol)
            {
                return protocol;
            }
        }

        return null;
    }

    private static (Exception? Error, long Allocated) Measure(Func<Task> call)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Exception? error = null;
        var run = Task.Run(call);
        try
        {
            Assert.That(run.Wait(Within), Is.True, $"no answer within {Within.TotalSeconds} s");
        }
        catch (AggregateException ex)
        {
            error = ex.InnerException;
        }

        return (error, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}
