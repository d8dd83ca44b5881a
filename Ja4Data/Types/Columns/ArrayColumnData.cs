namespace Ja4Data.Types.Columns;

/// <summary>Array(T): cumulative end offsets over one flat column of all elements.</summary>
internal sealed class ArrayColumnData(ulong[] pooledEnds, int count, ColumnData elements, Type elementType) : ColumnData<Array>
{
    private ulong[] _ends = pooledEnds;

    public override int Count => count;

    public ColumnData Elements => elements;

    public (int Start, int Length) Range(int row)
    {
        if ((uint)row >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var start = row == 0 ? 0 : (int)_ends[row - 1];
        return (start, (int)_ends[row] - start);
    }

    public override Array Get(int row)
    {
        var (start, length) = Range(row);
        var array = Array.CreateInstance(elementType, length);
        elements.CopyTo(array, start, length);
        return array;
    }

    protected override void ReleaseBuffers()
    {
        var ends = Interlocked.Exchange(ref _ends, []);
        if (ends.Length > 0)
        {
            ArrayPool<ulong>.Shared.Return(ends);
        }

        elements.Dispose();
    }
}
