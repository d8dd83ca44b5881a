using Ja4Data.Protocol;
using Ja4Data.TestSupport;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;
using NUnit.Framework;

namespace Ja4Data.Tests.Types;

/// <summary>Fixed-width columns must decode (and be read through typed access) without allocating per row.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AllocationTests
{
    private const int Rows = 1_000_000;

    [TestCase("UInt64", 8)]
    [TestCase("DateTime", 4)]
    [TestCase("DateTime64(3, 'UTC')", 8)]
    public void Decode_MillionRows_AllocatesNothingPerRow(string type, int width)
    {
        // Values 0, 1, 2...: valid for every type measured (random DateTime64 counts would leave the DateTime range).
        var bytes = new byte[Rows * width];
        for (var i = 0; i < Rows; i++)
        {
            var written = width == 8 ? BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), (long)i) : BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), i);
            Assert.That(written, Is.True);
        }

        DecodeAndSum(type, bytes); // warm up the JIT and the array pool

        var before = GC.GetAllocatedBytesForCurrentThread();
        DecodeAndSum(type, bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{type}: {allocated} bytes allocated decoding and reading {Rows} rows");
        // Release builds allocate ~150 bytes in all; Debug builds allocate async state machines per buffer refill
        // (tens of KB). One object per row would be 24 MB or more.
        Assert.That(allocated, Is.LessThan(256 * 1024));
    }

    private static long DecodeAndSum(string type, byte[] bytes)
    {
        var codec = ColumnCodecFactory.Get(type);
        using var reader = WireBytes.Reader(bytes);
        using var data = SyncCompletion.Result(codec.ReadAsync(reader, Rows, null, async: false, CancellationToken.None));
        long sum = 0;
        switch (data)
        {
            case ColumnData<ulong> numbers:
                for (var i = 0; i < Rows; i++)
                {
                    sum += (long)numbers.Get(i);
                }

                break;
            case ColumnData<DateTime> times:
                for (var i = 0; i < Rows; i++)
                {
                    sum += times.Get(i).Ticks;
                }

                break;
        }

        return sum;
    }
}
