using System.Buffers.Binary;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using Ja4Data.Tests.Protocol.Packets;
using Ja4Data.Tests.Support;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// The hostile server's side: a scripted conversation at the current revision (handshake, the client's statement, then
/// whatever bytes the test chose), and builders for the packets, blocks and compressed frames it sends.
/// </summary>
internal static class HostilePeer
{
    public const ulong HundredMillion = 100_000_000;

    public static readonly byte[] EndOfStream = [5];

    /// <summary>The start of a Data packet: packet type and the (empty) table name, never compressed.</summary>
    public static byte[] DataPacket => new WireBytes().Var(1).Str("").ToArray();

    // BlockInfo as servers send it: is_overflows = false, bucket_num = -1, end.
    public const string BlockInfo = "01 00 02 FF FF FF FF 00";

    /// <summary>
    /// Plays the handshake, reads the statement (with its compressed external-tables terminator when the client
    /// compresses), sends what <paramref name="answer"/> builds and hangs up. Building the answer inside the
    /// conversation keeps it out of the test's memory measurements.
    /// </summary>
    public static ScriptedServer Answering(ClickHouseCompression compression, Func<byte[][]> answer) => new(async (reader, stream) =>
    {
        await ScriptedServer.ReadHelloAsync(reader);
        await stream.WriteAsync(ScriptedServerTests.ModernHello());
        await reader.ReadStringAsync(true, default); // addendum
        if (compression == ClickHouseCompression.None)
        {
            await ScriptedServer.ReadQueryAsync(reader, ProtocolRevision.Current);
        }
        else
        {
            await ScriptedServerTests.ReadQueryWithCompressedTerminatorAsync(reader);
        }

        foreach (var packet in answer())
        {
            await stream.WriteAsync(packet);
        }
    });

    /// <summary>As <see cref="Answering(ClickHouseCompression, Func{byte[][]})"/> for a client without compression.</summary>
    public static ScriptedServer Answering(params byte[][] answer) => Answering(ClickHouseCompression.None, () => answer);

    /// <summary>A Data packet whose block (BlockInfo onwards, uncompressed) is <paramref name="block"/>.</summary>
    public static byte[] Data(WireBytes block) => [.. DataPacket, .. block.ToArray()];

    public static WireBytes Block(ulong columns, ulong rows) => new WireBytes().Hex(BlockInfo).Var(columns).Var(rows);

    public static byte[] Frame(CompressionMethod method, ReadOnlySpan<byte> data)
    {
        using var writer = new ProtocolWriter();
        CompressedFrame.Write(data, method, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary><paramref name="block"/> in LZ4 frames of 1 MiB, as servers cut them.</summary>
    public static byte[] Frames(byte[] block)
    {
        using var frames = new ProtocolWriter();
        for (var offset = 0; offset < block.Length; offset += CompressedFrame.MaxBlockSize)
        {
            CompressedFrame.Write(block.AsSpan(offset, Math.Min(CompressedFrame.MaxBlockSize, block.Length - offset)), CompressionMethod.Lz4, frames);
        }

        return frames.WrittenSpan.ToArray();
    }

    /// <summary>A frame with a valid checksum over whatever header and payload a hostile server chose.</summary>
    public static byte[] ForgedFrame(byte method, uint uncompressedSize, byte[] payload)
    {
        var frame = new byte[16 + 9 + payload.Length];
        frame[16] = method;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(17), (uint)(9 + payload.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(21), uncompressedSize);
        payload.CopyTo(frame.AsSpan(25));
        var checksum = CityHash102.CityHash128(frame.AsSpan(16));
        BinaryPrimitives.WriteUInt64LittleEndian(frame, (ulong)checksum);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8), (ulong)(checksum >> 64));
        return frame;
    }
}
