using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Tests.Protocol.Packets;

[TestFixture]
public sealed class ServerPacketTests
{
    private static IEnumerable<TestCaseData> Modes()
    {
        yield return new TestCaseData(false, false).SetArgDisplayNames("sync", "whole");
        yield return new TestCaseData(true, false).SetArgDisplayNames("async", "whole");
        yield return new TestCaseData(false, true).SetArgDisplayNames("sync", "1-byte reads");
        yield return new TestCaseData(true, true).SetArgDisplayNames("async", "1-byte reads");
    }

    [TestCaseSource(nameof(Modes))]
    public async Task ServerHello_18_16_HasTimezoneDisplayNameAndPatch(bool async, bool trickle)
    {
        var bytes = new WireBytes().Str("ClickHouse").Var(18).Var(16).Var(54412).Str("Europe/Moscow").Str("ch1").Var(1).ToArray();
        using var reader = WireBytes.Reader(bytes, trickle);
        var hello = await ServerHello.ReadAsync(reader, async, CancellationToken.None);
        Assert.That(hello, Is.EqualTo(new ServerHello("ClickHouse", 18, 16, 1, 54412, "Europe/Moscow", "ch1")));
        Assert.That(hello.NegotiatedRevision, Is.EqualTo(54412));
        Assert.That(reader.BufferedCount, Is.Zero);
    }

    [TestCaseSource(nameof(Modes))]
    public async Task ServerHello_Modern_ReadsPasswordRulesAndNonce_UpToOurRevision(bool async, bool trickle)
    {
        // A 25.x server announcing 54492 writes fields up to OUR revision (54469): rules, nonce, nothing newer.
        var bytes = new WireBytes().Str("ClickHouse").Var(25).Var(8).Var(54492).Str("UTC").Str("node").Var(3)
            .Var(1).Str("^.{12,}$").Str("at least 12 characters").UInt64(0xDEADBEEF).ToArray();
        using var reader = WireBytes.Reader(bytes, trickle);
        var hello = await ServerHello.ReadAsync(reader, async, CancellationToken.None);
        Assert.That((hello.Version, hello.Revision, hello.NegotiatedRevision), Is.EqualTo(("25.8.3", 54492, ProtocolRevision.Current)));
        Assert.That(await reader.IsAtEndAsync(async, CancellationToken.None), Is.True);
    }

    [TestCase(54412, 3)]
    [TestCase(54420, 5)]
    [TestCase(54460, 6)]
    [TestCase(54463, 7)]
    public async Task Progress_ReadsExactlyTheFieldsOfItsRevision(int revision, int fields)
    {
        var b = new WireBytes();
        for (var i = 1; i <= fields; i++)
        {
            b.Var((ulong)(i * 100));
        }

        var bytes = b.Var(999).ToArray(); // a trailing byte that must stay unread
        using var reader = WireBytes.Reader(bytes);
        var p = await ProgressPacket.ReadAsync(reader, revision, async: true, CancellationToken.None);
        Assert.That((p.ReadRows, p.ReadBytes, p.TotalRowsToRead), Is.EqualTo((100L, 200L, 300L)));
        var expected = revision switch
        {
            54412 => new QueryProgress(100, 200, 300, 0, 0, 0, 0),
            54420 => new QueryProgress(100, 200, 300, 0, 400, 500, 0),
            54460 => new QueryProgress(100, 200, 300, 0, 400, 500, 600),
            _ => new QueryProgress(100, 200, 300, 400, 500, 600, 700),
        };
        Assert.That(p, Is.EqualTo(expected));
        Assert.That(await reader.ReadVarUIntAsync(false, CancellationToken.None), Is.EqualTo(999));
    }

    [TestCase(54412)]
    [TestCase(54469)]
    public async Task ProfileInfo_ReadsAggregationFieldsFrom54469(int revision)
    {
        var b = new WireBytes().Var(10).Var(2).Var(80).Byte(1).Var(5).Byte(1);
        if (revision >= 54469)
        {
            b.Byte(0).Var(0);
        }

        using var reader = WireBytes.Reader(b.Byte(0x42).ToArray());
        var info = await ProfileInfoPacket.ReadAsync(reader, revision, async: false, CancellationToken.None);
        Assert.That(info, Is.EqualTo(new ProfileInfoPacket(10, 2, 80, true, 5)));
        Assert.That(reader.Buffered[0], Is.EqualTo(0x42));
    }

    [TestCaseSource(nameof(Modes))]
    public async Task Exception_Nested_BecomesInnerExceptions(bool async, bool trickle)
    {
        var bytes = new WireBytes()
            .Int32(60).Str("DB::Exception").Str("DB::Exception: Table default.x doesn't exist.").Str("stack").Byte(1)
            .Int32(1000).Str("Poco::Exception").Str("inner").Str("").Byte(0).ToArray();
        using var reader = WireBytes.Reader(bytes, trickle);
        var ex = await ServerExceptionPacket.ReadAsync(reader, async, CancellationToken.None);
        Assert.That((ex.ErrorCode, ex.ErrorName, ex.ExceptionName, ex.ServerMessage), Is.EqualTo((60, "UNKNOWN_TABLE", "DB::Exception", "Table default.x doesn't exist.")));
        Assert.That(ex.Message, Does.Contain("60").And.Contain("UNKNOWN_TABLE"));
        Assert.That(ex.InnerException, Is.TypeOf<ClickHouseServerException>());
        Assert.That(((ClickHouseServerException)ex.InnerException!).ErrorCode, Is.EqualTo(1000));
    }

    [Test]
    public void Exception_EndlessChain_IsAProtocolError()
    {
        var b = new WireBytes();
        for (var i = 0; i < 40; i++)
        {
            b.Int32(1).Str("E").Str("m").Str("").Byte(1);
        }

        using var reader = WireBytes.Reader(b.ToArray());
        Assert.ThrowsAsync<ClickHouseProtocolException>(async () => await ServerExceptionPacket.ReadAsync(reader, true, CancellationToken.None));
    }

    [Test]
    public void EveryPrefixOfAPacket_FailsCleanly()
    {
        var bytes = new WireBytes().Str("ClickHouse").Var(18).Var(16).Var(54412).Str("UTC").Str("ch1").Var(1).ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            using var reader = WireBytes.Reader(bytes[..length], trickle: true);
            Assert.ThrowsAsync<ClickHouseProtocolException>(async () => await ServerHello.ReadAsync(reader, true, CancellationToken.None), $"prefix of {length} bytes");
        }
    }

    [Test]
    public void OverlongVarUInt_IsAProtocolError()
    {
        using var reader = WireBytes.Reader(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFF01"));
        Assert.ThrowsAsync<ClickHouseProtocolException>(async () => await reader.ReadVarUIntAsync(true, CancellationToken.None));
    }

    [Test]
    public void HugeStringLength_IsRefusedBeforeAllocating()
    {
        using var reader = WireBytes.Reader(new WireBytes().Var(1UL << 40).Hex("41").ToArray());
        var ex = Assert.ThrowsAsync<ClickHouseProtocolException>(async () => await reader.ReadStringAsync(true, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("string length"));
    }

    [Test]
    public void StringLongerThanTheStream_FailsWithoutAllocatingItsLength()
    {
        // Claims 512 MiB but sends 3 bytes: the reader must fail at the end of the stream, having grown only
        // in proportion to the bytes that arrived.
        using var reader = WireBytes.Reader(new WireBytes().Var(512UL << 20).Hex("414243").ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsAsync<ClickHouseProtocolException>(async () => await reader.ReadStringAsync(false, CancellationToken.None));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16 << 20));
    }
}
