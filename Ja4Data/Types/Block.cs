using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Types;

/// <summary>One decoded Native block: named, typed columns of equal length.</summary>
internal sealed class Block(IReadOnlyList<BlockColumn> columns, int rowCount) : IDisposable
{
    public static readonly Block Empty = new([], 0);

    public IReadOnlyList<BlockColumn> Columns => columns;

    public int RowCount => rowCount;

    public int ColumnCount => columns.Count;

    public void Dispose()
    {
        foreach (var column in columns)
        {
            column.Data?.Dispose();
        }
    }
}

/// <summary>A column of a block; <see cref="Data"/> is null in header blocks (zero rows).</summary>
internal sealed record BlockColumn(string Name, ColumnCodec Codec, ColumnData? Data)
{
    public string TypeName => Codec.TypeName;
}
