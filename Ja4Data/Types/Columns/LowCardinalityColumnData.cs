namespace Ja4Data.Types.Columns;

/// <summary>A LowCardinality column: a dictionary column and one index per row; with Nullable inside, index 0 is NULL.</summary>
internal sealed class LowCardinalityColumnData(ColumnData dictionary, int[] pooledIndexes, int count, bool nullable) : ColumnData
{
    private int[] _indexes = pooledIndexes;

    public override int Count => count;

    public ColumnData Dictionary => dictionary;

    public int IndexAt(int row) => (uint)row < (uint)count ? _indexes[row] : throw new ArgumentOutOfRangeException(nameof(row));

    public override bool IsNull(int row) => nullable && IndexAt(row) == 0;

    public override object? GetValue(int row) => IsNull(row) ? null : dictionary.GetValue(_indexes[row]);

    public override (ColumnData Column, int Row)? Resolve(int row) => IsNull(row) ? null : dictionary.Resolve(_indexes[row]);

    protected override void ReleaseBuffers()
    {
        var indexes = Interlocked.Exchange(ref _indexes, []);
        if (indexes.Length > 0)
        {
            ArrayPool<int>.Shared.Return(indexes);
        }

        dictionary.Dispose();
    }
}
