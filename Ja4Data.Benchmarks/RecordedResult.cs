using Ja4Data.Cli.Bench;
using Ja4Data.Cli.Generation;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Benchmarks;

/// <summary>
/// What an 18.16 server sends for <c>SELECT * FROM http_logs</c> over an LZ4 connection, made from the CLI's generated
/// ja4 HTTP-log rows: the header block, one Data packet per 65,536-row block cut into 1 MiB LZ4 frames, EndOfStream.
/// A fake server replays these bytes from memory, so a read benchmark measures the client alone.
/// </summary>
internal sealed class RecordedResult
{
    /// <summary>Rows per block, the servers' max_block_size default.</summary>
    public const int BlockRows = 65_536;

    /// <summary>The statement the replay answers (the fake server answers any statement with the same bytes).</summary>
    public const string Sql = "SELECT * FROM http_logs";

    private RecordedResult(byte[] serverBytes, long rows, long payloadBytes)
    {
        ServerBytes = serverBytes;
        Rows = rows;
        PayloadBytes = payloadBytes;
    }

    /// <summary>The server's side of one statement, after the handshake.</summary>
    public byte[] ServerBytes { get; }

    public long Rows { get; }

    /// <summary>Native payload of the data blocks, before compression.</summary>
    public long PayloadBytes { get; }

    public static RecordedResult HttpLogs(long rows, ulong seed = 42)
    {
        var dataset = BenchDataset.Generate(rows, BlockRows, seed, startUnixMs: 1_700_000_000_000);
        var format = BlockFormat.Tcp(ProtocolRevision.Oldest);
        using var packets = new ProtocolWriter(1 << 20);
        using var block = new ProtocolWriter(1 << 20);
        var builders = HttpLogBatch.ColumnTypes.Select(t => ColumnCodecFactory.Get(t).CreateBuilder()).ToArray();
        try
        {
            WriteDataPacket(packets, block, format, builders, 0);
            foreach (var chunk in dataset.Chunks)
            {
                Fill(builders, chunk);
                WriteDataPacket(packets, block, format, builders, chunk.Count);
            }

            packets.WriteVarUInt((ulong)ServerPacketType.EndOfStream);
            return new RecordedResult(packets.WrittenSpan.ToArray(), dataset.Rows, dataset.PayloadBytes);
        }
        finally
        {
            foreach (var builder in builders)
            {
                builder.Dispose();
            }
        }
    }

    private static void WriteDataPacket(ProtocolWriter packets, ProtocolWriter block, BlockFormat format, ColumnBuilder[] builders, int rows)
    {
        block.Clear();
        BlockWriter.Write(block, format, HttpLogBatch.ColumnNames, HttpLogBatch.ColumnTypes, builders, rows);
        packets.WriteVarUInt((ulong)ServerPacketType.Data);
        packets.WriteString(string.Empty);
        var bytes = block.WrittenSpan;
        for (var offset = 0; offset < bytes.Length; offset += CompressedFrame.MaxBlockSize)
        {
            CompressedFrame.Write(bytes.Slice(offset, Math.Min(CompressedFrame.MaxBlockSize, bytes.Length - offset)), CompressionMethod.Lz4, packets);
        }
    }

    private static void Fill(ColumnBuilder[] builders, HttpLogBatch chunk)
    {
        foreach (var builder in builders)
        {
            builder.Clear();
        }

        var n = chunk.Count;
        Append(builders[0], chunk.TimestampMs, n);
        Append(builders[1], chunk.SourceIp, n);
        Append(builders[2], chunk.SourcePort, n);
        Append(builders[3], chunk.Host, n);
        Append(builders[4], chunk.Method, n);
        Append(builders[5], chunk.Path, n);
        Append(builders[6], chunk.Status, n);
        Append(builders[7], chunk.Ja4, n);
        Append(builders[8], chunk.Ja4H, n);
        Append(builders[9], chunk.UserAgent, n);
        Append(builders[10], chunk.Bytes, n);
        Append(builders[11], chunk.LatencyMs, n);
    }

    private static void Append<T>(ColumnBuilder builder, T[] values, int count)
    {
        var typed = (IColumnAppender<T>)builder;
        for (var i = 0; i < count; i++)
        {
            typed.Append(values[i]);
        }
    }
}
