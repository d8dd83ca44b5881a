using System.Buffers;
using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Types;

/// <summary>
/// Reads a sparse column (docs/protocol.md, "Blocks"): VarUInt gaps of default rows before each non-default value, ended by a
/// value with bit 62 set that carries the trailing defaults; then the dense non-default values.
/// </summary>
internal static class SparseColumnReader
{
    private const ulong EndOfGranuleFlag = 1UL << 62;

    public static async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, ColumnCodec codec, int rows, object? prefix, bool async, CancellationToken cancellationToken)
    {
        var map = ArrayPool<int>.Shared.Rent(Math.Max(rows, 1));
        try
        {
            Array.Fill(map, -1, 0, rows);
            long row = 0;
            var valueCount = 0;
            while (true)
            {
                var group = await reader.ReadVarUIntAsync(async, cancellationToken);
                if ((group & EndOfGranuleFlag) != 0)
                {
                    row += (long)(group & ~EndOfGranuleFlag);
                    break;
                }

                row += (long)group;
                if (row >= rows)
                {
                    throw new ClickHouseProtocolException($"Corrupt sparse column: value at row {row} of {rows}.");
                }

                map[row++] = valueCount++;
            }

            if (row != rows)
            {
                throw new ClickHouseProtocolException($"Corrupt sparse column: offsets cover {row} rows, the block has {rows}.");
            }

            var values = await codec.ReadAsync(reader, valueCount, prefix, async, cancellationToken);
            return new SparseColumnData(map, rows, values, codec.DefaultValue);
        }
        catch
        {
            ArrayPool<int>.Shared.Return(map);
            throw;
        }
    }
}
