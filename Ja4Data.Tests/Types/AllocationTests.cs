using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Tests.Types;

/// <summary>
/// Fixed-width columns must decode (and be read through typed access) without allocating per row, and Array(T) columns
/// must encode arrays, lists and memory of T's own .NET type without boxing their elements.
/// </summary>
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

    /// <summary>Array values of every shape measured: 8 elements a row, so boxing them would cost 192 bytes or more a row.</summary>
    private static IEnumerable<TestCaseData> ArrayShapes()
    {
        const int n = ArrayElements;
        yield return Shape("Array(UInt32)", "uint[]", r => Seq(r, n).Select(i => (uint)i).ToArray());
        yield return Shape("Array(UInt32)", "List<uint>", r => Seq(r, n).Select(i => (uint)i).ToList());
        yield return Shape("Array(UInt32)", "ReadOnlyMemory<uint>", r => new ReadOnlyMemory<uint>([.. Seq(r, n).Select(i => (uint)i)]));
        yield return Shape("Array(UInt32)", "ArraySegment<uint>", r => new ArraySegment<uint>([.. Seq(r, n + 2).Select(i => (uint)i)], 1, n));
        yield return Shape("Array(Int64)", "long[]", r => Seq(r, n).Select(i => (long)-i).ToArray());
        yield return Shape("Array(Float64)", "double[]", r => Seq(r, n).Select(i => i / 3.0).ToArray());
        yield return Shape("Array(Nullable(UInt32))", "uint?[]", r => Seq(r, n).Select(i => i % 3 == 0 ? null : (uint?)i).ToArray());
        yield return Shape("Array(Nullable(UInt32))", "List<uint?>", r => Seq(r, n).Select(i => i % 3 == 0 ? null : (uint?)i).ToList());
        yield return Shape("Array(String)", "string[]", r => Seq(r, n).Select(i => Words[i % Words.Length]).ToArray());
        yield return Shape("Array(String)", "List<string>", r => Seq(r, n).Select(i => Words[i % Words.Length]).ToList());
        yield return Shape("Array(Nullable(String))", "string?[]", r => Seq(r, n).Select(i => i % 3 == 0 ? null : Words[i % Words.Length]).ToArray());
        yield return Shape("Array(DateTime64(3, 'UTC'))", "DateTime[]", r => Seq(r, n).Select(i => DateTime.UnixEpoch.AddSeconds(i)).ToArray());
        yield return Shape("Array(Array(UInt32))", "uint[][]", r => new[] { Seq(r, n / 2).Select(i => (uint)i).ToArray(), Seq(r + 1, n / 2).Select(i => (uint)i).ToArray() });
    }

    [TestCaseSource(nameof(ArrayShapes))]
    public void Append_ArrayOfTheElementsOwnType_DoesNotBoxElements(string type, Func<int, object> value)
    {
        var values = Enumerable.Range(0, ArrayRows).Select(value).ToArray();
        using var builder = ColumnCodecFactory.Get(type).CreateBuilder();
        AppendAll(builder, values); // warm up the JIT and grow the pooled lists to their final size
        builder.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        AppendAll(builder, values);
        var perRow = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / ArrayRows;

        TestContext.Out.WriteLine($"{type}: {perRow:F2} bytes allocated per row appending {ArrayRows} rows of {ArrayElements} elements");
        Assert.That(builder.Count, Is.EqualTo(ArrayRows));
        Assert.That(perRow, Is.LessThan(8), "an allocation per row or per element");
    }

    [Test]
    public void Append_SequenceOfTheElementsOwnType_AllocatesAtMostItsEnumerator()
    {
        var values = Enumerable.Range(0, ArrayRows).Select(r => (object)new HashSet<uint>(Seq(r, ArrayElements).Select(i => (uint)i))).ToArray();
        using var builder = ColumnCodecFactory.Get("Array(UInt32)").CreateBuilder();
        AppendAll(builder, values);
        builder.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        AppendAll(builder, values);
        var perRow = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / ArrayRows;

        TestContext.Out.WriteLine($"Array(UInt32) from HashSet<uint>: {perRow:F2} bytes allocated per row");
        // The boxed enumerator of the set (40 bytes); boxing 8 elements would add 192.
        Assert.That(perRow, Is.LessThan(64));
    }

    private const int ArrayRows = 100_000;
    private const int ArrayElements = 8;
    private static readonly string[] Words = ["GET", "/index.html", "Mozilla/5.0", "ü日本"];

    private static TestCaseData Shape(string type, string shape, Func<int, object> value)
        => new TestCaseData(type, value).SetName($"Append_{type}_From_{shape}_DoesNotBoxElements");

    private static IEnumerable<int> Seq(int row, int count) => Enumerable.Range(row, count);

    private static void AppendAll(ColumnBuilder builder, object[] values)
    {
        foreach (var value in values)
        {
            builder.Append(value);
        }
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
