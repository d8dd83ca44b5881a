namespace Ja4Data.Types.Columns;

/// <summary>A column of the Nothing type: all rows are NULL.</summary>
internal sealed class NothingColumnData(int count) : ColumnData
{
    public override int Count => count;

    public override object? GetValue(int row) => null;

    public override bool IsNull(int row) => true;

    public override (ColumnData Column, int Row)? Resolve(int row) => null;
}
