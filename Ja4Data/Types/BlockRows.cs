using System.Collections;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types;

/// <summary>
/// The rows of a whole result kept as the decoded blocks themselves - column by column, the way they arrived
/// (numbers in raw arrays, strings as UTF-8) - so holding a result costs about its Native size rather than an object
/// per value. A row is materialised as a new <c>object?[]</c> each time it is accessed. The blocks are never returned
/// to the array pool: the collector frees them with the rows. Thread-safe for reading.
/// </summary>
internal sealed class BlockRows : IReadOnlyList<object?[]>
{
    private readonly Block[] _blocks;
    private readonly int[] _starts;
    private readonly long _firstRowNumber;

    /// <param name="blocks">The decoded blocks, in order.</param>
    /// <param name="firstRowNumber">The number of the first row in a longer stream (NativeFormat reads one block at a time), for errors.</param>
    public BlockRows(IReadOnlyList<Block> blocks, long firstRowNumber = 0)
    {
        _firstRowNumber = firstRowNumber;
        _blocks = [.. blocks];
        _starts = new int[_blocks.Length];
        long total = 0;
        for (var i = 0; i < _blocks.Length; i++)
        {
            _starts[i] = (int)total;
            total += _blocks[i].RowCount;
            if (total > Array.MaxLength)
            {
                throw new InvalidOperationException($"The result has more than {Array.MaxLength} rows, too many to hold as one list; stream it (QueryStreamAsync or a DbDataReader).");
            }
        }

        Count = (int)total;
    }

    public int Count { get; }

    public object?[] this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"The result has {Count} rows.");
            }

            var block = Array.BinarySearch(_starts, index);
            if (block < 0)
            {
                block = ~block - 1;
            }

            // Blocks with no rows share a start with the next one: take the last block starting at or before the row.
            while (block + 1 < _starts.Length && _starts[block + 1] <= index)
            {
                block++;
            }

            return Row(_blocks[block], index - _starts[block], _firstRowNumber + index);
        }
    }

    public IEnumerator<object?[]> GetEnumerator()
    {
        var number = _firstRowNumber;
        foreach (var block in _blocks)
        {
            for (var row = 0; row < block.RowCount; row++)
            {
                yield return Row(block, row, number++);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// One row as values mapped per docs/types.md (null for NULL); <paramref name="rowNumber"/> (in the whole result)
    /// names the row of a value .NET cannot hold.
    /// </summary>
    public static object?[] Row(Block block, int row, long rowNumber)
    {
        var values = new object?[block.ColumnCount];
        for (var c = 0; c < values.Length; c++)
        {
            try
            {
                values[c] = block.Columns[c].Data!.GetValue(row);
            }
            catch (UnrepresentableValueException ex)
            {
                throw ex.ToDataException(block.Columns[c].Name, block.Columns[c].TypeName, rowNumber);
            }
        }

        return values;
    }
}
