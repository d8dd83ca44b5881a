using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ja4Data.Protocol.Compression;

namespace Ja4Data.Tests.Protocol.Compression;

/// <summary>Inputs and frame helpers shared by the compressed-frame tests.</summary>
internal static class CompressedFrameTestData
{
    public static readonly int[] Sizes = [0, 1, 15, 16, 17, 127, 128, 129, 1000, CompressedFrame.MaxBlockSize];

    // Test methods take the wire byte: the enum is internal and cannot appear in a public test signature.
    public static readonly byte[] MethodCodes = [0x02, 0x82, 0x90];

    public static byte[] Random(int size, int seed = 1)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    // Repetitive text shaped like a JA4 log line, so LZ4 and ZSTD actually find matches.
    public static byte[] Compressible(int size)
    {
        var sb = new StringBuilder(size + 64);
        for (var i = 0; sb.Length < size; i++)
        {
            sb.Append("t13d1516h2_8daaf6152771_e5627efa2ab1,").Append(i % 97).Append('\n');
        }

        return Encoding.ASCII.GetBytes(sb.ToString(0, size));
    }

    public static byte[] Frame(ReadOnlySpan<byte> data, CompressionMethod method)
    {
        var writer = new ArrayBufferWriter<byte>();
        CompressedFrame.Write(data, method, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes like a stream reader: header first, then exactly the announced frame length.</summary>
    public static byte[] Read(byte[] bytes)
    {
        var header = CompressedFrame.ReadHeader(bytes);
        var frame = bytes.AsSpan(0, Math.Min(bytes.Length, header.FrameLength));
        var destination = new byte[header.UncompressedSize];
        CompressedFrame.Decompress(frame, header, destination);
        return destination;
    }

    /// <summary>A frame with the given header fields and payload and a correct checksum, for forging bad frames.</summary>
    public static byte[] Forge(byte method, uint compressedSize, uint uncompressedSize, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[CompressedFrame.HeaderSize + payload.Length];
        frame[16] = method;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(17), compressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(21), uncompressedSize);
        payload.CopyTo(frame.AsSpan(CompressedFrame.HeaderSize));
        var checksum = CityHash102.CityHash128(frame.AsSpan(16));
        BinaryPrimitives.WriteUInt64LittleEndian(frame, (ulong)checksum);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8), (ulong)(checksum >> 64));
        return frame;
    }
}
