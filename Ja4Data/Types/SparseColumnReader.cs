using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Types;

/// <summary>
/// Reads a sparse column (docs/protocol.md, "Blocks"): VarUInt gaps of default rows before each non-default value,
/// ended by a value with bit 62 set that carries the trailing defaults; then the dense non-default values. Only the
/// positions of non-default rows are kept, so a few bytes that stand for millions of default rows cost a few bytes of
/// memory too.
/// </summary>
internal static class SparseColumnReader
{
    private const ulong EndOfGranuleFlag = 1UL << 62;

    public static async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, ColumnCodec codec, int rows, object? prefix, bool async, CancellationToken cancellationToken)
    {
        var positions = ArrayPool<int>.Shared.Rent(Math.Max(reader.InitialCapacity<int>(Math.Min(rows, 4096)), 1));
        try
        {
            long row = 0;
            var valueCount = 0;
            while (true)
            {
                var group = await reader.ReadVarUIntAsync(async, cancellationToken);
                var gap = group & ~EndOfGranuleFlag;
                if (gap > (ulong)(rows - row))
                {
                    throw new ClickHouseProtocolException($"Corrupt sparse column: a gap of {gap} default rows after row {row} of {rows}.");
                }

                row += (long)gap;
                if ((group & EndOfGranuleFlag) != 0)
                {
                    break;
                }

                if (row >= rows)
                {
                    throw new ClickHouseProtocolException($"Corrupt sparse column: value at row {row} of {rows}.");
                }

                reader.Grow(ref positions, valueCount, valueCount + 1);
                positions[valueCount++] = (int)row++;
            }

            if (row != rows)
            {
                throw new ClickHouseProtocolException($"Corrupt sparse column: offsets cover {row} rows, the block has {rows}.");
            }

            var values = await codec.ReadAsync(reader, valueCount, prefix, async, cancellationToken);
            return new SparseColumnData(positions, valueCount, rows, values, codec.DefaultValue);
        }
        catch
        {
            ArrayPool<int>.Shared.Return(positions);
            throw;
        }
    }
}
