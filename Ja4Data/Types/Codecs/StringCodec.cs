using System.Buffers;
using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>String: per row a VarUInt length and that many bytes (not necessarily UTF-8).</summary>
internal sealed class StringCodec(TypeNode type) : ColumnCodec(type)
{
    public override Type ClrType => typeof(string);

    public override object? DefaultValue => string.Empty;

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(rows, 1));
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(rows * 16, 256));
        var used = 0;
        try
        {
            var row = 0;
            while (row < rows)
            {
                row = ReadBuffered(reader, row, rows, ends, ref bytes, ref used);
                if (row == rows)
                {
                    break;
                }

                // The next value is not fully buffered: take it piecewise so a large value never needs a large buffer.
                var length = await reader.ReadCountAsync("String length", ProtocolReader.MaxStringLength, async, cancellationToken);
                EnsureCapacity(ref bytes, used, length);
                await reader.ReadExactAsync(bytes.AsMemory(used, length), async, cancellationToken);
                used += length;
                ends[row++] = used;
            }
        }
        catch
        {
            ArrayPool<int>.Shared.Return(ends);
            ArrayPool<byte>.Shared.Return(bytes);
            throw;
        }

        return new StringColumnData(bytes, ends, rows);
    }

    // Decodes as many complete values as the buffer holds, without awaiting.
    private static int ReadBuffered(ProtocolReader reader, int row, int rows, int[] ends, ref byte[] bytes, ref int used)
    {
        var buffered = reader.Buffered;
        var consumed = 0;
        while (row < rows)
        {
            var prefix = VarInt.TryRead(buffered[consumed..], out var length);
            if (prefix == 0 || length > (ulong)(buffered.Length - consumed - prefix))
            {
                break;
            }

            var value = buffered.Slice(consumed + prefix, (int)length);
            EnsureCapacity(ref bytes, used, value.Length);
            value.CopyTo(bytes.AsSpan(used));
            used += value.Length;
            ends[row++] = used;
            consumed += prefix + value.Length;
        }

        reader.Advance(consumed);
        return row;
    }

    private static void EnsureCapacity(ref byte[] bytes, int used, int extra)
    {
        if (bytes.Length - used >= extra)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)bytes.Length * 2, (long)used + extra), Array.MaxLength));
        Buffer.BlockCopy(bytes, 0, bigger, 0, used);
        ArrayPool<byte>.Shared.Return(bytes);
        bytes = bigger;
    }

    public override ColumnBuilder CreateBuilder() => new StringColumnBuilder();
}
