using System.Buffers.Binary;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;

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
    /// Plays the handshake as a current server, reads the statement, sends what <paramref name="answer"/> builds and
    /// hangs up. Building the answer inside the conversation keeps it out of the test's memory measurements.
    /// </summary>
    public static FakeNativeServer Answering(Func<byte[][]> answer) => new(async client =>
    {
        await client.HandshakeAsync(ProtocolRevision.Current, "25.8.3");
        await client.ReadQueryAsync();
        foreach (var packet in answer())
        {
            await client.SendAsync(packet);
        }
    });

    /// <summary>As <see cref="Answering(Func{byte[][]})"/> with the answer built up front.</summary>
    public static FakeNativeServer Answering(params byte[][] answer) => Answering(() => answer);

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
