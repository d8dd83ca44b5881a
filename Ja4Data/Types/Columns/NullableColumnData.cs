namespace Ja4Data.Types.Columns;

/// <summary>Nullable(T): a null map over the nested column (which holds placeholder values at NULL rows).</summary>
internal sealed class NullableColumnData(byte[] pooledNullMap, ColumnData values) : ColumnData
{
    private byte[] _nullMap = pooledNullMap;

    public override int Count => values.Count;

    /// <summary>The nested column (placeholder values at NULL rows).</summary>
    public ColumnData Values => values;

    public override bool IsNull(int row) => _nullMap[row] != 0;

    public override object? GetValue(int row) => IsNull(row) ? null : values.GetValue(row);

    public override (ColumnData Column, int Row)? Resolve(int row) => IsNull(row) ? null : values.Resolve(row);

    protected override void ReleaseBuffers()
    {
        var map = Interlocked.Exchange(ref _nullMap, []);
        if (map.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(map);
        }

        values.Dispose();
    }
}
