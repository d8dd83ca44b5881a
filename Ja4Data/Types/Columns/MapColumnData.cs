using System.Collections;

namespace Ja4Data.Types.Columns;

/// <summary>A Map column over its Array(Tuple(K, V)) form; a row becomes a new dictionary (a repeated key keeps the last value).</summary>
internal sealed class MapColumnData(ArrayColumnData entries, Type dictionaryType) : ColumnData
{
    private readonly TupleColumnData _pairs = (TupleColumnData)entries.Elements;

    public override int Count => entries.Count;

    public ColumnData Entries => entries;

    public override object? GetValue(int row)
    {
        var (start, length) = entries.Range(row);
        var dictionary = (IDictionary)Activator.CreateInstance(dictionaryType, length)!;
        var keys = _pairs.Elements[0];
        var values = _pairs.Elements[1];
        for (var i = start; i < start + length; i++)
        {
            dictionary[keys.GetValue(i)!] = values.GetValue(i);
        }

        return dictionary;
    }

    protected override void ReleaseBuffers() => entries.Dispose();
}
