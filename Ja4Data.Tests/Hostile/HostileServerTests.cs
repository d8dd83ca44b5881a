using Ja4Data.Core;
using Ja4Data.Protocol.Compression;
using static Ja4Data.Tests.Hostile.HostilePeer;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// A hostile or broken server on loopback, through the ADO.NET provider: every malformed answer ends the statement with
/// a protocol error (inside the connection error that reports the broken connection), within seconds and a stated
/// memory bound, and leaves the connection broken rather than busy.
/// </summary>
[TestFixture]
[NonParallelizable] // measures the process's allocations
public sealed class HostileServerTests
{
    private static async Task<List<object?>> QueryAsync(FakeNativeServer server, ClickHouseSettings? settings = null)
    {
        await using var connection = new ClickHouseConnection(settings ?? server.Settings());
        await connection.OpenAsync();
        try
        {
            await using var reader = await new ClickHouseCommand("SELECT x", connection).ExecuteReaderAsync();
            var values = new List<object?>();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetValue(0));
            }

            return values;
        }
        finally
        {
            Assert.That(connection.Connector.State, Is.Not.EqualTo(ConnectorState.Busy), "the connection was left busy");
        }
    }

    [Test]
    public async Task SparseColumn_OfHundredMillionDefaultRows_DecodesWithoutARowMap()
    {
        // 9 bytes of offsets stand for 10^8 default rows.
        await using var server = Answering(
            Data(Block(1, HundredMillion).Str("x").Str("UInt32").Byte(1).Byte(1).Var((1UL << 62) | HundredMillion)),
            EndOfStream);

        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        long allocated = 0;
        var firstRows = new List<uint>();
        allocated = Bounded.Succeeds(async () =>
        {
            await using var reader = await new ClickHouseCommand("SELECT x", connection).ExecuteReaderAsync();
            for (var i = 0; i < 3 && await reader.ReadAsync(); i++)
            {
                firstRows.Add(reader.GetFieldValue<uint>(0));
            }
        });

        Assert.That(firstRows, Is.EqualTo(new uint[] { 0, 0, 0 }));
        Assert.That(allocated, Is.LessThan(16 * Bounded.MiB));
    }

    [Test]
    public async Task SparseColumn_OfHundredMillionRows_ThenTruncated_IsAProtocolError_WithinAFewMiB()
    {
        await using var server = Answering(
            Data(Block(2, HundredMillion).Str("x").Str("UInt32").Byte(1).Byte(1).Var((1UL << 62) | HundredMillion).Str("y")));

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
        await server.Conversation;
    }

    [TestCase(1UL << 63, TestName = "SparseGap_WithTheTopBitSet_IsAProtocolError")]
    [TestCase(ulong.MaxValue >> 2, TestName = "SparseGap_BeyondTheBlock_IsAProtocolError")]
    [TestCase((1UL << 62) | 7, TestName = "SparseTrailingDefaults_NotMatchingTheRows_IsAProtocolError")]
    public async Task SparseOffsets_Impossible(ulong gap)
    {
        await using var server = Answering(
            Data(Block(1, 6).Str("x").Str("UInt32").Byte(1).Byte(1).Var(gap).Var(1UL << 62).Hex("07000000")));

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
    }

    [TestCase("FixedString(-1)")]
    [TestCase("FixedString(99999999999)")]
    [TestCase("Decimal(4294967305, 2)")]
    public async Task ImpossibleColumnType_IsAProtocolError_AndBreaksTheConnection(string type)
    {
        await using var server = Answering(Data(Block(1, 1).Str("x").Str(type).Byte(0).Hex("00000000 00000000")), EndOfStream);

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
    }

    [Test]
    public async Task ProfileEventsValue_AboveInt64Max_IsTheSignedCounterOldServersMeant()
    {
        // Servers before Int64 values wrote signed gauges (memory usage can shrink) into a UInt64 column.
        var profileEvents = new WireBytes()
            .Var(14).Str("").Hex(BlockInfo).Var(3).Var(1)
            .Str("name").Str("String").Byte(0).Str("MemoryTrackerUsage")
            .Str("type").Str("Int8").Byte(0).Byte(2)
            .Str("value").Str("UInt64").Byte(0).UInt64(unchecked((ulong)-5L))
            .ToArray();
        await using var server = Answering(profileEvents, EndOfStream);

        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        await using var reader = await new ClickHouseCommand("SELECT x", connection).ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.False);
        Assert.That(reader.Summary.ProfileEvents["MemoryTrackerUsage"], Is.EqualTo(-5));
    }

    [Test]
    public async Task ExceptionChain_DeeperThan32_IsAProtocolError()
    {
        var chain = new WireBytes().Var(2);
        for (var i = 0; i < 10_000; i++)
        {
            chain.Int32(1).Str("DB::Exception").Str("nested").Str("").Byte(1);
        }

        await using var server = Answering(chain.ToArray());

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
    }

    [Test]
    public async Task CompressedFrame_ClaimingHundredMiB_FromSixteenBytes_IsAProtocolError_WithoutRentingIt()
    {
        var frame = ForgedFrame((byte)CompressionMethod.Lz4, 100u << 20, new byte[16]);
        await using var server = Answering(() => [DataPacket, frame]);

        Bounded.ProtocolError(() => QueryAsync(server, server.Settings(ClickHouseCompression.Lz4)), 16 * Bounded.MiB);
    }

    [Test]
    public async Task ZstdFrame_ClaimingMoreThanItsBlocksCanHold_IsAProtocolError_WithoutRentingIt()
    {
        // A valid zstd frame of 1 KiB of zeros, announced as 100 MiB.
        var zeros = Frame(CompressionMethod.Zstd, new byte[1024]);
        var frame = ForgedFrame((byte)CompressionMethod.Zstd, 100u << 20, zeros[25..]);
        await using var server = Answering(() => [DataPacket, frame]);

        Bounded.ProtocolError(() => QueryAsync(server, server.Settings(ClickHouseCompression.Lz4)), 16 * Bounded.MiB);
    }

    [Test]
    public async Task CompressedBlock_InAnotherMethodThanTheClientSends_Decodes()
    {
        // The server compresses with its own network_compression_method: the client's choice only governs what it sends.
        var block = Block(1, 1).Str("x").Str("UInt8").Byte(0).Byte(42).ToArray();
        await using var server = Answering(() => [DataPacket, Frame(CompressionMethod.Zstd, block), EndOfStream]);

        Assert.That(await QueryAsync(server, server.Settings(ClickHouseCompression.Lz4)), Is.EqualTo(new object[] { (byte)42 }));
    }

    [Test]
    public async Task CompressedBlock_SwitchingMethodMidStatement_IsAProtocolError()
    {
        var block = Block(1, 2).Str("x").Str("UInt8").Byte(0).Hex("2A 2B").ToArray();
        await using var server = Answering(() => [
            DataPacket,
            Frame(CompressionMethod.Lz4, block.AsSpan(0, 10)),
            Frame(CompressionMethod.Zstd, block.AsSpan(10)),
            EndOfStream]);

        var error = Bounded.ProtocolError(() => QueryAsync(server, server.Settings(ClickHouseCompression.Lz4)), 16 * Bounded.MiB);
        Assert.That(error.Message, Does.Contain("method"));
    }

    [Test]
    public async Task StringLength_OfAGibibyte_ThenHangUp_IsAProtocolError_WithoutAllocatingIt()
    {
        await using var server = Answering(Data(Block(1, 1).Str("x").Str("String").Byte(0).Var(1UL << 30).Hex("41 42 43")));

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
    }

    [Test]
    public async Task ArrayOffset_Near2Pow31Elements_IsAProtocolError_WithoutAllocatingThem()
    {
        // The 45 bytes of the issue: an Array(UInt256) column whose single offset says 2^31 - 57 elements.
        await using var server = Answering(Data(Block(1, 1).Str("x").Str("Array(UInt256)").Byte(0).UInt64((1UL << 31) - 57)));

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
    }

    [Test]
    public async Task DecodingFailure_LeavesNoStatementRunning_AndThePoolDiscardsTheConnection()
    {
        await using var server = Answering(Data(Block(1, 1).Str("x").Str("FixedString(-1)").Byte(0).Byte(0)));
        var settings = server.Settings() with { CommandTimeout = TimeSpan.FromSeconds(1) };
        await using var connection = new ClickHouseConnection(settings);
        await connection.OpenAsync();

        var error = Assert.CatchAsync(async () => await new ClickHouseCommand("SELECT x", connection).ExecuteScalarAsync());
        Assert.That(Bounded.FindProtocolError(error!), Is.Not.Null, error!.ToString());
        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Broken));
        Assert.That(connection.Connector.CurrentQuery, Is.Null, "the statement (and its timeout timer) is over");
    }

    [Test]
    public void ServerThatClosesMidHandshake_IsAConnectionError()
    {
        var server = new FakeNativeServer(async client =>
        {
            await client.ReadHelloAsync();
            await client.SendAsync(new WireBytes().Var(0).Str("ClickHouse").Var(25));
        });

        var error = Assert.CatchAsync(async () =>
        {
            await using var connection = new ClickHouseConnection(server.Settings());
            await connection.OpenAsync();
        });
        Assert.That(error, Is.InstanceOf<ClickHouseException>(), error!.ToString());
        Assert.DoesNotThrowAsync(async () => await server.DisposeAsync());
    }

    [Test]
    public void HelloWithImpossibleFields_IsAProtocolError()
    {
        var server = new FakeNativeServer(async client =>
        {
            await client.ReadHelloAsync();
            await client.SendAsync(new WireBytes().Var(0).Str("ClickHouse").Var(25).Var(8).Var(ulong.MaxValue));
        });

        var error = Assert.CatchAsync(async () =>
        {
            await using var connection = new ClickHouseConnection(server.Settings());
            await connection.OpenAsync();
        });
        Assert.That(Bounded.FindProtocolError(error!), Is.Not.Null, error!.ToString());
        Assert.DoesNotThrowAsync(async () => await server.DisposeAsync());
    }

    // Found by the fuzzer (Fuzzing/Regressions/facade.54412.none.6570496d9b4f.bin): the facade indexed past a later
    // block's columns (IndexOutOfRangeException).
    [TestCase(false, TestName = "LaterBlockWithFewerColumns_IsAProtocolError_ForTheReader")]
    [TestCase(true, TestName = "LaterBlockWithFewerColumns_IsAProtocolError_ForTheFacade")]
    public async Task LaterBlockWithFewerColumns(bool facade)
    {
        await using var server = Answering(
            Data(Block(2, 1).Str("k").Str("UInt8").Byte(0).Byte(1).Str("c").Str("UInt64").Byte(0).UInt64(3)),
            Data(Block(1, 2).Str("c").Str("UInt64").Byte(0).UInt64(3).UInt64(4)),
            EndOfStream);

        var error = Bounded.ProtocolError(
            async () =>
            {
                if (facade)
                {
                    await using var client = new ClickHouseClient(server.Settings());
                    await client.QueryAsync("SELECT k, c");
                }
                else
                {
                    await QueryAsync(server);
                }
            },
            16 * Bounded.MiB);
        Assert.That(error.Message, Does.Contain("1 column(s) (UInt64)").And.Contain("had 2 (UInt8, UInt64)"));
    }

    [Test]
    public async Task LaterBlockWithOtherTypes_IsAProtocolError()
    {
        await using var server = Answering(
            Data(Block(1, 1).Str("c").Str("UInt8").Byte(0).Byte(1)),
            Data(Block(1, 1).Str("c").Str("String").Byte(0).Str("x")),
            EndOfStream);

        Bounded.ProtocolError(() => QueryAsync(server), 16 * Bounded.MiB);
    }
}
