using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using static Ja4Data.Tests.Hostile.HostilePeer;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// What one huge answer leaves behind on a pooled connection (its buffers shrink back once the statement ends), and
/// the MaxBlockBytes ceiling on a block, through the ADO.NET provider against a scripted server.
/// </summary>
[TestFixture]
[NonParallelizable] // measures the process's memory
public sealed class ConnectorMemoryTests
{
    private const int Huge = 40 << 20;

    [Test]
    public async Task HugeColumnName_GrowsTheReaderOnlyForThatStatement_AndThePooledConnectionKeepsNothingOfIt()
    {
        // A 40 MiB column name is read whole into the reader's buffer, which must not stay that large afterwards. The
        // bytes the server sends exist before the first measurement, so the heap's growth is the client's alone.
        var block = Block(1, 1).Str(new string('n', Huge)).Str("UInt8").Byte(0).Byte(7).ToArray();
        await using var server = Serve(ClickHouseCompression.None, block);
        var settings = server.Settings();
        long retainedBefore;
        long memoryBefore;
        await using (var connection = new ClickHouseConnection(settings))
        {
            await connection.OpenAsync();
            retainedBefore = connection.Connector.RetainedBufferBytes;
            memoryBefore = LiveHeapBytes();
            Assert.That(await new ClickHouseCommand("SELECT x", connection).ExecuteScalarAsync(), Is.EqualTo((byte)7));
            await server.Conversation;
            TestContext.Out.WriteLine($"connector buffers {retainedBefore:N0} -> {connection.Connector.RetainedBufferBytes:N0} bytes");
            Assert.That(connection.Connector.RetainedBufferBytes, Is.LessThanOrEqualTo(retainedBefore));
        }

        // Closed: the connector now idles in the pool. Nothing of the 40 MiB read may be reachable from it. (Yielding
        // first: this method resumed inline under the reader's finished frames, whose stack slots still see the data.)
        await Task.Yield();
        var memoryAfter = LiveHeapBytes();
        TestContext.Out.WriteLine($"heap {memoryBefore:N0} -> {memoryAfter:N0} bytes");
        Assert.That(memoryAfter - memoryBefore, Is.LessThan(16L << 20));
        GC.KeepAlive(block);
        ClickHouseConnection.ClearAllPools();
    }

    [Test]
    public async Task HugeInsertBlock_ThePooledConnectionKeepsNothingOfIt()
    {
        // A 40 MiB value grows the column builder's array and the writer's buffer to 64 MiB each (and the builder's
        // smaller arrays on the way); once the INSERT ends, nothing may keep them alive: not the connector, and not
        // the shared ArrayPool, which keeps what it is given for the life of the process (before the fix: +200 MB).
        await using var server = new FakeNativeServer(async client =>
        {
            await client.HandshakeAsync(ProtocolRevision.Current, "25.8.3");
            await client.ReadQueryAsync();
            await client.SendAsync(Data(Block(1, 0).Str("x").Str("String").Byte(0)));
            while (await SkipClientStringBlockAsync(client.Reader))
            {
            }

            await client.SendAsync(EndOfStream);
            await client.WaitForCloseAsync();
        });

        long memoryBefore;
        await using (var connection = new ClickHouseConnection(server.Settings()))
        {
            await connection.OpenAsync();
            memoryBefore = LiveHeapBytes();
            await InsertHugeValueAsync(connection);
        }

        await Task.Yield();
        var memoryAfter = LiveHeapBytes();
        TestContext.Out.WriteLine($"heap {memoryBefore:N0} -> {memoryAfter:N0} bytes");
        Assert.That(memoryAfter - memoryBefore, Is.LessThan(16L << 20));
        ClickHouseConnection.ClearAllPools();
    }

    [Test]
    public async Task HugeExceptionMessage_GrowsTheReaderOnlyForThatStatement()
    {
        await using var server = new FakeNativeServer(async client =>
        {
            await client.HandshakeAsync(ProtocolRevision.Current, "25.8.3");
            await client.ReadQueryAsync();
            await client.SendAsync(new WireBytes().Var(2).Int32(241).Str("DB::Exception").Str(new string('m', Huge)).Str("").Byte(0));
            Assert.That(await client.ReadPacketTypeAsync(), Is.EqualTo(ClientPacketType.Ping), "the client proves the stream is in step with a Ping");
            await client.SendAsync(new byte[] { 4 }); // Pong
        });

        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        var retainedBefore = connection.Connector.RetainedBufferBytes;

        var error = Assert.ThrowsAsync<ClickHouseServerException>(async () => await new ClickHouseCommand("SELECT x", connection).ExecuteScalarAsync());
        Assert.That(error!.ServerMessage, Has.Length.EqualTo(Huge));
        await server.Conversation;

        TestContext.Out.WriteLine($"connector buffers {retainedBefore:N0} -> {connection.Connector.RetainedBufferBytes:N0} bytes");
        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Open), "a server exception leaves the connection usable");
        Assert.That(connection.Connector.RetainedBufferBytes, Is.LessThanOrEqualTo(retainedBefore));
    }

    [Test]
    public async Task HugeCompressedFrame_GrowsTheDecompressorOnlyForThatStatement()
    {
        // One 40 MiB frame (servers write 1 MiB ones; the cap is 128 MiB): the raw reader and the frame buffer grow.
        await using var server = Answering(() =>
        {
            var block = Block(1, 1).Str("x").Str("String").Byte(0).Str(new string('v', Huge)).ToArray();
            return [DataPacket, ForgedFrame((byte)CompressionMethod.None, (uint)block.Length, block), EndOfStream];
        });

        await using var connection = new ClickHouseConnection(server.Settings(ClickHouseCompression.Lz4));
        await connection.OpenAsync();
        var retainedBefore = connection.Connector.RetainedBufferBytes;

        Assert.That(await ValueLengthAsync(connection), Is.EqualTo(Huge));
        await server.Conversation;

        TestContext.Out.WriteLine($"connector buffers {retainedBefore:N0} -> {connection.Connector.RetainedBufferBytes:N0} bytes");
        Assert.That(connection.Connector.RetainedBufferBytes, Is.LessThan(retainedBefore + (1 << 20)), "the 40 MiB frame's buffers are still held");
    }

    [TestCase(ClickHouseCompression.None)]
    [TestCase(ClickHouseCompression.Lz4)]
    public async Task BlockAboveMaxBlockBytes_IsAProtocolErrorThatNamesTheSetting(ClickHouseCompression compression)
    {
        var blockOf3MiB = Block(1, 1).Str("x").Str("String").Byte(0).Str(new string('b', 3 << 20)).ToArray();
        await using var server = Serve(compression, blockOf3MiB);

        var error = Bounded.ProtocolError(
            () => ScalarAsync(server.Settings(compression) with { MaxBlockBytes = 2 << 20 }),
            32 * Bounded.MiB);
        Assert.That(error.Message, Does.Contain("MaxBlockBytes").And.Contain(ClickHouseEnvironmentVariables.MaxBlockBytes));
    }

    [TestCase(ClickHouseCompression.None)]
    [TestCase(ClickHouseCompression.Lz4)]
    public async Task BlockWithinMaxBlockBytes_Decodes(ClickHouseCompression compression)
    {
        var blockOf3MiB = Block(1, 1).Str("x").Str("String").Byte(0).Str(new string('b', 3 << 20)).ToArray();
        await using var server = Serve(compression, blockOf3MiB);

        var value = await ScalarAsync(server.Settings(compression) with { MaxBlockBytes = 4 << 20 });
        Assert.That(value, Is.EqualTo(new string('b', 3 << 20)));
    }

    [Test]
    public async Task ExceptionPacketAboveMaxBlockBytes_IsAProtocolError()
    {
        var exception = new WireBytes().Var(2).Int32(241).Str("DB::Exception").Str(new string('m', 3 << 20)).Str("").Byte(0).ToArray();
        await using var server = Answering(exception);

        var error = Bounded.ProtocolError(() => ScalarAsync(server.Settings() with { MaxBlockBytes = 2 << 20 }), 32 * Bounded.MiB);
        Assert.That(error.Message, Does.Contain(ClickHouseEnvironmentVariables.MaxBlockBytes));
    }

    [Test]
    public void MaxBlockBytes_IsAConnectionStringKeyAndAnEnvironmentVariable()
    {
        Assert.That(ClickHouseSettings.FromConnectionString("Host=h;MaxBlockBytes=2097152").MaxBlockBytes, Is.EqualTo(2097152));
        var fromEnvironment = ClickHouseSettings.Load(new Dictionary<string, string?> { [ClickHouseEnvironmentVariables.MaxBlockBytes] = "4194304" }, dotEnvPath: null);
        Assert.That(fromEnvironment.MaxBlockBytes, Is.EqualTo(4194304));
        Assert.That(new ClickHouseSettings().MaxBlockBytes, Is.EqualTo(1L << 30));
    }

    // The value lives only in this frame, so the heap measured afterwards holds nothing of it but what the client kept.
    private static async Task InsertHugeValueAsync(ClickHouseConnection connection)
    {
        await using var writer = await connection.CreateBulkWriterAsync("t");
        await writer.WriteRowAsync([new string('v', Huge)]);
        Assert.That(await writer.CompleteAsync(), Is.EqualTo(1));
    }

    // Reads one uncompressed Data packet of a single String column as the client sends it at the current revision;
    // false for the empty block that ends the data.
    private static async Task<bool> SkipClientStringBlockAsync(WireReader reader)
    {
        Assert.That(await reader.ReadVarUIntAsync(), Is.EqualTo((ulong)ClientPacketType.Data));
        await reader.ReadStringAsync(); // table
        while (await reader.ReadVarUIntAsync() is var field && field != 0)
        {
            await reader.SkipAsync(field == 1 ? 1 : 4); // is_overflows, bucket_num
        }

        var columns = await reader.ReadVarUIntAsync();
        var rows = await reader.ReadVarUIntAsync();
        for (var c = 0UL; c < columns; c++)
        {
            await reader.ReadStringAsync(); // name
            await reader.ReadStringAsync(); // type
            await reader.ReadByteAsync(); // custom serialization
            for (var r = 0UL; r < rows; r++)
            {
                await reader.SkipAsync((long)await reader.ReadVarUIntAsync());
            }
        }

        return columns > 0;
    }

    // A block as one Data packet, compressed in the servers' 1 MiB frames when the client asked for compression.
    private static FakeNativeServer Serve(ClickHouseCompression compression, byte[] block)
        => Answering(() => [DataPacket, compression == ClickHouseCompression.None ? block : Frames(block), EndOfStream]);

    // What stays reachable: objects that wait for their finalizer are collected too (GC.GetTotalMemory(true) can stop
    // while they still hold memory).
    private static long LiveHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static async Task<int> ValueLengthAsync(ClickHouseConnection connection)
        => ((string?)await new ClickHouseCommand("SELECT x", connection).ExecuteScalarAsync())?.Length ?? -1;

    private static async Task<object?> ScalarAsync(ClickHouseSettings settings)
    {
        await using var connection = new ClickHouseConnection(settings);
        await connection.OpenAsync();
        return await new ClickHouseCommand("SELECT x", connection).ExecuteScalarAsync();
    }
}
