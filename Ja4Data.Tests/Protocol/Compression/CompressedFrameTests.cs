using System.Buffers;
using Ja4Data.Protocol.Compression;
using static Ja4Data.Tests.Protocol.Compression.CompressedFrameTestData;

namespace Ja4Data.Tests.Protocol.Compression;

[TestFixture]
public sealed class CompressedFrameTests
{
    // Reference §8.3 (also what clickhouse-compressor writes): the 10-byte empty Native block in two codecs.
    private static readonly byte[] EmptyBlock = Convert.FromHexString("010002FFFFFFFF000000");

    private static readonly byte[] EmptyBlockNoneFrame = Convert.FromHexString(
        "bb9489a1c169e900ecaff168956a6474" + "02" + "13000000" + "0a000000" + "010002ffffffff000000");

    private static readonly byte[] EmptyBlockLz4Frame = Convert.FromHexString(
        "a783ac6cd55c7a7cb5ac46bddb86e214" + "82" + "14000000" + "0a000000" + "a0" + "010002ffffffff000000");

    [Test]
    public void Write_EmptyBlockWithNone_EqualsReferenceFrame()
    {
        Assert.That(Frame(EmptyBlock, CompressionMethod.None), Is.EqualTo(EmptyBlockNoneFrame));
    }

    [Test]
    public void Read_ReferenceNoneFrame_ReturnsEmptyBlock()
    {
        var header = CompressedFrame.ReadHeader(EmptyBlockNoneFrame);

        Assert.That(header, Is.EqualTo(new CompressedFrameHeader(CompressionMethod.None, 19, 10)));
        Assert.That(header.FrameLength, Is.EqualTo(EmptyBlockNoneFrame.Length));
        Assert.That(Read(EmptyBlockNoneFrame), Is.EqualTo(EmptyBlock));
    }

    [Test]
    public void Read_HandMadeLz4Frame_ReturnsEmptyBlock()
    {
        Assert.That(CompressedFrame.ReadHeader(EmptyBlockLz4Frame), Is.EqualTo(new CompressedFrameHeader(CompressionMethod.Lz4, 20, 10)));
        Assert.That(Read(EmptyBlockLz4Frame), Is.EqualTo(EmptyBlock));
    }

    [Test]
    public void Write_ThenRead_RandomData_RoundTrips(
        [ValueSource(typeof(CompressedFrameTestData), nameof(MethodCodes))] byte methodCode,
        [ValueSource(typeof(CompressedFrameTestData), nameof(Sizes))] int size)
    {
        var method = (CompressionMethod)methodCode;
        var data = CompressedFrameTestData.Random(size);
        var frame = Frame(data, method);

        Assert.That(frame[16], Is.EqualTo((byte)method));
        Assert.That(CompressedFrame.ReadHeader(frame).FrameLength, Is.EqualTo(frame.Length));
        Assert.That(Read(frame), Is.EqualTo(data));
    }

    [Test]
    public void Write_ThenRead_CompressibleData_RoundTripsSmaller(
        [ValueSource(typeof(CompressedFrameTestData), nameof(MethodCodes))] byte methodCode,
        [ValueSource(typeof(CompressedFrameTestData), nameof(Sizes))] int size)
    {
        var method = (CompressionMethod)methodCode;
        var data = Compressible(size);
        var frame = Frame(data, method);

        Assert.That(Read(frame), Is.EqualTo(data));
        if (method != CompressionMethod.None && size >= 1000)
        {
            Assert.That(frame.Length, Is.LessThan(size / 2), "the codec did not compress repetitive text");
        }
    }

    [Test]
    public void Write_SeveralFrames_AppendsThemInOrder()
    {
        var writer = new ArrayBufferWriter<byte>();
        var first = CompressedFrameTestData.Random(300, seed: 1);
        var second = Compressible(5000);
        CompressedFrame.Write(first, CompressionMethod.Lz4, writer);
        CompressedFrame.Write(second, CompressionMethod.Zstd, writer);

        var bytes = writer.WrittenSpan.ToArray();
        var firstLength = CompressedFrame.ReadHeader(bytes).FrameLength;

        Assert.That(Read(bytes[..firstLength]), Is.EqualTo(first));
        Assert.That(Read(bytes[firstLength..]), Is.EqualTo(second));
    }

    [Test]
    public void Write_MoreThanMaxBlockSize_Throws()
    {
        var data = new byte[CompressedFrame.MaxBlockSize + 1];

        Assert.That(
            () => CompressedFrame.Write(data, CompressionMethod.Lz4, new ArrayBufferWriter<byte>()),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void WriteAndRead_ConcurrentThreads_EachUsesItsOwnZstdContext()
    {
        var inputs = Enumerable.Range(0, 64).Select(i => Compressible(10_000 + (i * 137))).ToArray();
        var outputs = new byte[inputs.Length][];

        Parallel.For(0, inputs.Length, i => outputs[i] = Read(Frame(inputs[i], CompressionMethod.Zstd)));

        Assert.That(outputs, Is.EqualTo(inputs));
    }

    [Test]
    public void WriteAndRead_Lz4AndNone_AllocateNothingPerCall()
    {
        const int calls = 1000;
        var data = Compressible(10_000);
        var writer = new ArrayBufferWriter<byte>(1024 * 1024);
        var destination = new byte[data.Length];

        foreach (var method in new[] { CompressionMethod.None, CompressionMethod.Lz4 })
        {
            for (var warmUp = 0; warmUp < 100; warmUp++)
            {
                RoundTrip(method);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var call = 0; call < calls; call++)
            {
                RoundTrip(method);
            }

            // The smallest heap object is 24 bytes, so any per-call allocation exceeds this; the slack absorbs a
            // one-off allocation by the runtime (tiered JIT bookkeeping) that would make an exact zero flaky.
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(calls * 16), method.ToString());
        }

        void RoundTrip(CompressionMethod method)
        {
            writer.ResetWrittenCount();
            CompressedFrame.Write(data, method, writer);
            var frame = writer.WrittenSpan;
            var header = CompressedFrame.ReadHeader(frame);
            CompressedFrame.Decompress(frame, header, destination);
        }
    }
}
