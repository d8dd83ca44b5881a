using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using Ja4Data.TestSupport;

namespace Ja4Data.Benchmarks.ClientOnly;

/// <summary>
/// Plays a recorded server to any native-protocol client (Ja4Data, clickhouse-client) from memory, so a benchmark's
/// time and CPU are the client's: <see cref="Select"/> answers every query with the recorded result;
/// <see cref="InsertSink"/> answers every INSERT with the recorded header, reads the client's blocks without decoding
/// or storing them and acknowledges with the recorded end.
/// </summary>
internal static class ReplayServer
{
    // An empty block (BlockInfo, 0 columns, 0 rows) is 10 bytes; the first frame of any block with a column is longer.
    private const int EmptyBlockMaxBytes = 16;

    private static readonly byte[] Pong = [(byte)ServerPacketType.Pong];

    public static FakeNativeServer Select(RecordedConversation select)
        => new(connection => PlayAsync(connection, select, async (c, at) =>
        {
            await c.ReadQueryBodyAsync(at);
            await c.SendAsync(select.Replies[0]);
        }));

    public static FakeNativeServer InsertSink(RecordedConversation insert)
        => new(connection => PlayAsync(connection, insert, async (c, at) =>
        {
            await c.ReadQueryBodyAsync(at);
            await c.SendAsync(insert.Replies[0]);
            await SkipBlocksAsync(c.Reader);
            await c.SendAsync(insert.Replies[1]);
        }));

    private static async Task PlayAsync(FakeConnection connection, RecordedConversation recorded, Func<FakeConnection, int, Task> request)
    {
        var clientRevision = await connection.ReadHelloAsync();
        await connection.SendAsync(recorded.Hello);
        var at = Math.Min(clientRevision, recorded.ServerRevision);
        if (at >= ProtocolRevision.WithAddendum)
        {
            await connection.Reader.ReadStringAsync(); // quota key
        }

        while (!await connection.Reader.IsAtEndAsync())
        {
            // clickhouse-client pings a fresh connection before its query.
            var type = await connection.ReadPacketTypeAsync();
            if (type == ClientPacketType.Ping)
            {
                await connection.SendAsync(Pong);
                continue;
            }

            if (type != ClientPacketType.Query)
            {
                throw new InvalidDataException($"The replay expected a Query or a Ping and got {type} ({(int)type}).");
            }

            await request(connection, at);
        }
    }

    /// <summary>
    /// Skips compressed Data packets up to the empty block that ends an INSERT, by frame headers alone: a block is cut
    /// into frames of <see cref="CompressedFrame.MaxBlockSize"/> uncompressed bytes (both Ja4Data and clickhouse-client
    /// do), so a shorter frame ends it.
    /// </summary>
    private static async Task SkipBlocksAsync(WireReader reader)
    {
        while (true)
        {
            var type = (ClientPacketType)await reader.ReadVarUIntAsync();
            if (type != ClientPacketType.Data)
            {
                throw new InvalidDataException($"The insert sink expected a Data packet and got {type}: the client must send compressed blocks.");
            }

            await reader.ReadStringAsync(); // external table name, empty
            for (var first = true; ; first = false)
            {
                await reader.SkipAsync(CompressedFrame.ChecksumSize + 1); // checksum, method
                var withHeader = await reader.ReadInt32Async(); // counts method and both sizes
                var uncompressed = await reader.ReadInt32Async();
                await reader.SkipAsync(withHeader - CompressedFrame.MethodAndSizesSize);
                if (first && uncompressed <= EmptyBlockMaxBytes)
                {
                    return;
                }

                if (uncompressed < CompressedFrame.MaxBlockSize)
                {
                    break;
                }
            }
        }
    }
}
