using System.Buffers;

namespace Ja4Data.Types.Columns;

/// <summary>
/// A sparse column expanded lazily: a row map to the dense non-default values; other rows hold the type's default.
/// </summary>
internal sealed class SparseColumnData(int[] pooledRowToValue, int count, ColumnData values, object? defaultValue) : ColumnData
{
    private int[] _rowToValue = pooledRowToValue;

    public override int Count => count;

    public override object? GetValue(int row)
    {
        var index = _rowToValue[row];
        return index < 0 ? defaultValue : values.GetValue(index);
    }

    public override bool IsNull(int row)
    {
        var index = _rowToValue[row];
        return index < 0 ? defaultValue is null : values.IsNull(index);
    }

    // Default rows resolve to this column, so typed readers fall back to GetValue for them.
    public override (ColumnData Column, int Row)? Resolve(int row)
    {
        var index = _rowToValue[row];
        return index < 0 ? (defaultValue is null ? null : (this, row)) : values.Resolve(index);
    }

    protected override void ReleaseBuffers()
    {
        var map = Interlocked.Exchange(ref _rowToValue, []);
        if (map.Length > 0)
        {
            ArrayPool<int>.Shared.Return(map);
        }

        values.Dispose();
    }
}
