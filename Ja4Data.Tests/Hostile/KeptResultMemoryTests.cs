using static Ja4Data.Tests.Hostile.HostilePeer;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// The facade's Query keeps the decoded blocks as its rows and builds a row only when it is read, so a few bytes that
/// announce many rows cost what the block costs decoded: a sparse column makes 10^8 default rows out of 9 bytes, and
/// holding them must not cost an object per row (10^7 such rows once made Query allocate 589 MB).
/// </summary>
[TestFixture]
[NonParallelizable] // measures the process's allocations
public sealed class KeptResultMemoryTests
{
    private const int ManyRows = 100_000_000;

    [Test]
    public async Task FacadeQuery_SparseBlockOfHundredMillionDefaultRows_HeldWithinAFewMiB_RowsBuiltOnAccess()
    {
        await using var server = Answering(
            Data(Block(1, ManyRows).Str("x").Str("UInt32").Byte(1).Byte(1).Var((1UL << 62) | ManyRows)),
            EndOfStream);
        await using var client = new ClickHouseClient(server.Settings());

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await client.QueryAsync("SELECT x");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.LessThan(16 * Bounded.MiB));
            Assert.That(result.ResultRows, Has.Count.EqualTo(ManyRows));
            Assert.That(result.ResultRows[ManyRows - 1], Is.EqualTo(new object[] { 0u }));
        });
    }

    [Test]
    public async Task FacadeQuery_SparseBlockOfThousandRows_ReadsEveryRow()
    {
        await using var server = Answering(
            Data(Block(1, 1000).Str("x").Str("UInt32").Byte(1).Byte(1).Var((1UL << 62) | 1000)),
            EndOfStream);
        await using var client = new ClickHouseClient(server.Settings() with { MaxBlockBytes = 1L << 20 });

        var result = await client.QueryAsync("SELECT x");

        Assert.That(result.ResultRows, Has.Count.EqualTo(1000).And.All.EqualTo(new object[] { 0u }));
    }
}
