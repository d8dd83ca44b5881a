namespace Ja4Data.Types.Mapping;

/// <summary>
/// Reads the blocks of one result into records, block after block, numbering rows across blocks for messages. Each
/// block is disposed once read; the records of a block come back in one reused array, so streaming holds one
/// block's records at a time.
/// </summary>
internal sealed class RecordBlocks<T>(RecordReader<T> reader)
{
    private T[] _buffer = [];
    private long _firstRow;

    /// <summary>The records of <paramref name="block"/> (valid until the next call), which is disposed.</summary>
    public ArraySegment<T> Read(Block block)
    {
        using (block)
        {
            if (_buffer.Length < block.RowCount)
            {
                _buffer = new T[block.RowCount];
            }

            reader.Read(block, _firstRow, _buffer);
            _firstRow += block.RowCount;
            return new ArraySegment<T>(_buffer, 0, block.RowCount);
        }
    }
}
