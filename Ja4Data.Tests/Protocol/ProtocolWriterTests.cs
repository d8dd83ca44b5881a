using Ja4Data.Protocol;

namespace Ja4Data.Tests.Protocol;

/// <summary>The chunking mode of <see cref="ProtocolWriter"/> (compressing a block while it is encoded) and Truncate.</summary>
[TestFixture]
public sealed class ProtocolWriterTests
{
    private const int Chunk = 1024;

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1000)]
    [TestCase(3000)]
    public void ChunkingWriter_ManyWrites_HandsOffWholeChunksInOrder_AndKeepsTheRest(int maxWrite)
    {
        var random = new Random(maxWrite);
        var expected = new byte[50_000 + maxWrite];
        random.NextBytes(expected);
        var chunks = new List<byte[]>();
        using var writer = new ProtocolWriter(Chunk, chunk => chunks.Add(chunk.ToArray()));

        for (var offset = 0; offset < expected.Length;)
        {
            var length = Math.Min(random.Next(1, maxWrite + 1), expected.Length - offset);
            writer.WriteBytes(expected.AsSpan(offset, length));
            offset += length;
        }

        Assert.That(chunks, Has.All.Length.EqualTo(Chunk), "only whole chunks leave before the end");
        Assert.That(writer.Length, Is.LessThan((2 * Chunk) + maxWrite));
        var joined = chunks.SelectMany(c => c).Concat(writer.WrittenSpan.ToArray()).ToArray();
        Assert.That(joined, Is.EqualTo(expected));
    }

    [Test]
    public void ChunkingWriter_LargeBlock_StaysNearTwoChunks()
    {
        var handedOff = 0L;
        using var writer = new ProtocolWriter(Chunk, chunk => handedOff += chunk.Length);
        for (var i = 0; i < 100_000; i++)
        {
            writer.WriteUInt64((ulong)i);
        }

        Assert.That(handedOff + writer.Length, Is.EqualTo(800_000));
        Assert.That(writer.Capacity, Is.LessThanOrEqualTo(4 * Chunk), "the buffer grew with the block instead of handing chunks off");
    }

    [Test]
    public void PlainWriter_LargeBlock_GrowsAndKeepsEverything()
    {
        using var writer = new ProtocolWriter(Chunk);
        for (var i = 0; i < 10_000; i++)
        {
            writer.WriteUInt64((ulong)i);
        }

        Assert.That(writer.Length, Is.EqualTo(80_000));
    }

    [Test]
    public void Truncate_DropsTheTail_AndRejectsGrowing()
    {
        using var writer = new ProtocolWriter();
        writer.WriteBytes([1, 2, 3, 4]);

        writer.Truncate(2);

        Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Truncate(3));
    }
}
