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
        // Both arrays start at what the reader can vouch for and grow with the values that really arrive.
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(reader.InitialCapacity<int>(rows), 1));
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(reader.InitialCapacity<byte>((int)Math.Min(rows * 16L, Array.MaxLength)), 256));
        var used = 0;
        try
        {
            var row = 0;
            while (row < rows)
            {
                row = ReadBuffered(reader, row, rows, ref ends, ref bytes, ref used);
                if (row == rows)
                {
                    break;
                }

                // The next value is not fully buffered: take it piecewise as it arrives, so that neither the reader's
                // buffer nor ours grows ahead of the bytes.
                var remaining = await reader.ReadCountAsync("String length", ProtocolReader.MaxStringLength, async, cancellationToken);
                while (remaining > 0)
                {
                    if (reader.BufferedCount == 0)
                    {
                        await reader.FillAsync(async, cancellationToken);
                    }

                    var n = Math.Min(remaining, reader.BufferedCount);
                    reader.Grow(ref bytes, used, checked(used + n));
                    reader.Buffered[..n].CopyTo(bytes.AsSpan(used));
                    reader.Advance(n);
                    used += n;
                    remaining -= n;
                }

                reader.Grow(ref ends, row, row + 1);
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
    private static int ReadBuffered(ProtocolReader reader, int row, int rows, ref int[] ends, ref byte[] bytes, ref int used)
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
            if (bytes.Length - used < value.Length)
            {
                reader.Grow(ref bytes, used, checked(used + value.Length));
            }

            if (row == ends.Length)
            {
                reader.Grow(ref ends, row, row + 1);
            }

            value.CopyTo(bytes.AsSpan(used));
            used += value.Length;
            ends[row++] = used;
            consumed += prefix + value.Length;
        }

        reader.Advance(consumed);
        return row;
    }

    public override ColumnBuilder CreateBuilder() => new StringColumnBuilder();
}
