namespace Ja4Data.Tests.Pooling;

/// <summary>Keeps the highest value seen by concurrent writers (for "never more than" assertions).</summary>
internal static class AtomicMax
{
    public static void Raise(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
