using System.Globalization;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>What one input did to the client.</summary>
internal enum FuzzVerdict
{
    /// <summary>The call succeeded: the bytes made sense.</summary>
    Success,

    /// <summary>A ClickHouseException (protocol, connection, server, data error...) or the deadline's cancellation.</summary>
    ClickHouseError,

    /// <summary>Finding: any other exception escaped the public API.</summary>
    UnexpectedException,

    /// <summary>Finding: the call did not end within <see cref="FuzzHarness.Watchdog"/>.</summary>
    Hang,

    /// <summary>Finding: the call allocated more than the input's bound.</summary>
    MemoryBound,
}

/// <summary>The verdict on one input, with what led to it.</summary>
internal sealed record FuzzResult(FuzzVerdict Verdict, Exception? Error, long AllocatedBytes, TimeSpan Elapsed)
{
    public bool IsFinding => Verdict is FuzzVerdict.UnexpectedException or FuzzVerdict.Hang or FuzzVerdict.MemoryBound;

    /// <summary>
    /// What identifies a finding across inputs: the verdict, the exception type and the first library frame it was
    /// thrown from. The minimizer keeps an input only while it still gives the same signature.
    /// </summary>
    public string Signature => Verdict switch
    {
        FuzzVerdict.UnexpectedException => $"{Verdict} {Error!.GetType().Name} at {ThrowingFrame(Error)}",
        _ => Verdict.ToString(),
    };

    /// <summary>
    /// The error's type name for tallies: Success, or the ClickHouseException subclass, with the runtime exception under
    /// it when a decoder did not check the bytes itself and the catch-all at the decoding boundary mapped what it threw
    /// (no finding - the contract holds - but a place where a decoder relies on the safety net).
    /// </summary>
    public string Outcome => Error switch
    {
        null => "Success",
        ClickHouseDataException => Error.GetType().Name,
        _ when CatchAllCause(Error) is { } cause => $"{Error.GetType().Name} (catch-all: {cause.GetType().Name})",
        _ => Error.GetType().Name,
    };

    /// <summary>Where a decoder relied on the catch-all: the runtime exception and the library frame that threw it.</summary>
    public string? CatchAllSite => Error is null or ClickHouseDataException || CatchAllCause(Error) is not { } cause
        ? null
        : $"{cause.GetType().Name} at {ThrowingFrame(cause)}: {cause.Message}";

    private static Exception? CatchAllCause(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (Ja4Data.Protocol.DecodeFailure.IsUnmapped(inner) && inner is not (TimeoutException or System.Security.Authentication.AuthenticationException))
            {
                return inner;
            }
        }

        return null;
    }

    public static FuzzResult Judge(Exception? error, long allocated, long allocationBound, TimeSpan elapsed)
    {
        var verdict = error switch
        {
            _ when allocated > allocationBound => FuzzVerdict.MemoryBound,
            null => FuzzVerdict.Success,
            ClickHouseException or OperationCanceledException => FuzzVerdict.ClickHouseError,
            _ => FuzzVerdict.UnexpectedException,
        };
        return new FuzzResult(verdict, error, allocated, elapsed);
    }

    public override string ToString() => Verdict switch
    {
        FuzzVerdict.MemoryBound => string.Create(CultureInfo.InvariantCulture, $"{Verdict}: allocated {AllocatedBytes:N0} bytes ({Outcome}: {Error?.Message})"),
        FuzzVerdict.Hang => $"{Verdict}: no end after {Elapsed.TotalSeconds:F0} s",
        _ => $"{Signature}: {Error}",
    };

    private static string ThrowingFrame(Exception error)
    {
        var trace = error.StackTrace ?? string.Empty;
        foreach (var line in trace.Split('\n'))
        {
            var frame = line.Trim();
            if (frame.StartsWith("at Ja4Data.", StringComparison.Ordinal) && !frame.StartsWith("at Ja4Data.Tests.", StringComparison.Ordinal))
            {
                var end = frame.IndexOf('(', StringComparison.Ordinal);
                return end > 3 ? frame[3..end] : frame[3..];
            }
        }

        return "?";
    }
}
