using Ja4Data.TestSupport;
using NUnit.Framework;
using static Ja4Data.Tests.Hostile.HostilePeer;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// Callers that turn rows into objects (the facade's Query, NativeFormat's results) check a block's size as objects
/// against MaxBlockBytes before building any row: a sparse column makes 10^8 rows out of 9 bytes; before this check,
/// 10^7 rows sent in 19 bytes made Query allocate 589 MB (and run into the statement deadline).
/// </summary>
[TestFixture]
public sealed class MaterializedRowsTests
{
    [Test]
    public async Task FacadeQuery_SparseBlockOfHundredMillionDefaultRows_IsAProtocolErrorNamingTheLimit_WithinAFewMiB()
    {
        await using var server = Answering(
            Data(Block(1, HundredMillion).Str("x").Str("UInt32").Byte(1).Byte(1).Var((1UL << 62) | HundredMillion)),
            EndOfStream);
        await using var client = new ClickHouseClient(server.Settings());

        var error = Bounded.ProtocolError(() => client.QueryAsync("SELECT x"), 16 * Bounded.MiB);

        Assert.That(error.Message, Does.Contain("100,000,000 rows").And.Contain("MaxBlockBytes").And.Contain("ExecuteReader"));
    }

    [Test]
    public async Task FacadeQuery_BlockWithinTheLimitAsObjects_Reads()
    {
        await using var server = Answering(
            Data(Block(1, 1000).Str("x").Str("UInt32").Byte(1).Byte(1).Var((1UL << 62) | 1000)),
            EndOfStream);
        await using var client = new ClickHouseClient(server.Settings() with { MaxBlockBytes = 1L << 20 });

        var result = await client.QueryAsync("SELECT x");

        Assert.That(result.ResultRows, Has.Count.EqualTo(1000).And.All.EqualTo(new object[] { 0u }));
    }

    [Test]
    public void NativeFormat_BlockAboveTheLimitAsObjects_IsAProtocolError()
    {
        // 100,000 one-byte values: 100 KB of bytes, about 6.4 MB as objects.
        var bytes = new WireBytes().Var(1).Var(100_000).Str("x").Str("UInt8").Bytes(new byte[100_000]).ToArray();

        var error = Assert.Throws<ClickHouseProtocolException>(() => NativeFormat.ReadBlocks(new MemoryStream(bytes), 4L << 20).ToList());
        Assert.That(error!.Message, Does.Contain("100,000 rows").And.Contain("MaxBlockBytes"));
        Assert.That(NativeFormat.ReadBlocks(new MemoryStream(bytes), 8L << 20).Single().ResultRows, Has.Count.EqualTo(100_000));
    }
}
