namespace Ja4Data.Types.Columns;

/// <summary>
/// A sparse column: the ascending rows of the non-default values and those values; every other row holds the type's
/// default. Memory follows the non-default values, not the rows.
/// </summary>
internal sealed class SparseColumnData(int[] pooledPositions, int valueCount, int count, ColumnData values, object? defaultValue) : ColumnData
{
    private int[] _positions = pooledPositions;
    private int _hint;

    public override int Count => count;

    public override object? GetValue(int row)
    {
        var index = IndexOf(row);
        return index < 0 ? defaultValue : values.GetValue(index);
    }

    public override bool IsNull(int row)
    {
        var index = IndexOf(row);
        return index < 0 ? defaultValue is null : values.IsNull(index);
    }

    // Default rows resolve to this column, so typed readers fall back to GetValue for them.
    public override (ColumnData Column, int Row)? Resolve(int row)
    {
        var index = IndexOf(row);
        return index < 0 ? (defaultValue is null ? null : (this, row)) : values.Resolve(index);
    }

    // The value index of row, or -1 for a default row. Readers walk rows in order, so the answer is almost always at
    // the previous lookup's position or the next one; anything else is a binary search.
    private int IndexOf(int row)
    {
        if ((uint)row >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var positions = _positions.AsSpan(0, valueCount);
        var hint = _hint;
        int lower;
        if (hint <= positions.Length && (hint == positions.Length || positions[hint] >= row) && (hint == 0 || positions[hint - 1] < row))
        {
            lower = hint;
        }
        else if (hint < positions.Length && positions[hint] < row && (hint + 1 == positions.Length || positions[hint + 1] >= row))
        {
            lower = hint + 1;
        }
        else
        {
            var found = positions.BinarySearch(row);
            lower = found >= 0 ? found : ~found;
        }

        _hint = lower;
        return lower < positions.Length && positions[lower] == row ? lower : -1;
    }

    protected override void ReleaseBuffers()
    {
        var positions = Interlocked.Exchange(ref _positions, []);
        if (positions.Length > 0)
        {
            ArrayPool<int>.Shared.Return(positions);
        }

        values.Dispose();
    }
}
