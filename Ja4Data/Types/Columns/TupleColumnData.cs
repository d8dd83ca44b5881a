namespace Ja4Data.Types.Columns;

/// <summary>A Tuple column: one column per element; a row is read as <c>object?[]</c>.</summary>
internal sealed class TupleColumnData(ColumnData[] elements, int count) : ColumnData<object?[]>
{
    public override int Count => count;

    public IReadOnlyList<ColumnData> Elements => elements;

    public override object?[] Get(int row)
    {
        if ((uint)row >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var values = new object?[elements.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = elements[i].GetValue(row);
        }

        return values;
    }

    protected override void ReleaseBuffers()
    {
        foreach (var element in elements)
        {
            element.Dispose();
        }
    }
}
