using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Types;

/// <summary>
/// The columns of one outgoing block, shaped by the header the server announced. Every value is converted on
/// append; a value that does not fit fails with column, row and types, and the partial row is rolled back.
/// </summary>
internal sealed class BlockBuffer : IDisposable
{
    private readonly ColumnCodec[] _codecs;
    private readonly ColumnBuilder[] _builders;

    public BlockBuffer(Block header)
    {
        Names = header.Columns.Select(c => c.Name).ToArray();
        Types = header.Columns.Select(c => c.TypeName).ToArray();
        _codecs = header.Columns.Select(c => c.Codec).ToArray();
        _builders = _codecs.Select(c => c.CreateBuilder()).ToArray();
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<string> Types { get; }

    public IReadOnlyList<ColumnBuilder> Builders => _builders;

    public int ColumnCount => _builders.Length;

    public int RowCount { get; private set; }

    /// <summary>Appends a row; <paramref name="rowIndex"/> is the caller's row number, for error messages.</summary>
    public void AppendRow(IReadOnlyList<object?> row, long rowIndex)
    {
        if (row is null || row.Count != _builders.Length)
        {
            throw new ClickHouseDataException(
                row is null ? "(row)" : $"{row.Count} values", $"{_builders.Length} columns ({string.Join(", ", Names)})", rowIndex, row,
                row is null ? "the row is null" : $"the row has {row.Count} values but the insert has {_builders.Length} columns");
        }

        for (var i = 0; i < _builders.Length; i++)
        {
            var value = row[i];
            try
            {
                _builders[i].Append(value);
            }
            catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
            {
                for (var j = 0; j < i; j++)
                {
                    _builders[j].Truncate(RowCount);
                }

                throw new ClickHouseDataException(Names[i], Types[i], rowIndex, value, ex.Message, ex);
            }
        }

        RowCount++;
    }

    /// <summary>Appends a whole typed column of <paramref name="values"/> (columnar bulk inserts).</summary>
    public void AppendColumn<T>(int column, ReadOnlySpan<T> values, long firstRowIndex)
    {
        var builder = _builders[column];
        var before = builder.Count;
        var i = 0;
        try
        {
            if (builder is IColumnAppender<T> typed)
            {
                for (; i < values.Length; i++)
                {
                    typed.Append(values[i]);
                }
            }
            else
            {
                for (; i < values.Length; i++)
                {
                    builder.Append(values[i]);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            builder.Truncate(before);
            throw new ClickHouseDataException(Names[column], Types[column], firstRowIndex + i, values[i], ex.Message, ex);
        }
    }

    /// <summary>After columnar appends: every column must hold the same number of rows.</summary>
    public void SealColumns()
    {
        var count = _builders.Length == 0 ? 0 : _builders[0].Count;
        for (var i = 1; i < _builders.Length; i++)
        {
            if (_builders[i].Count != count)
            {
                throw new InvalidOperationException($"Column '{Names[i]}' has {_builders[i].Count} values but column '{Names[0]}' has {count}; every column of a block needs the same row count.");
            }
        }

        RowCount = count;
    }

    public void Clear()
    {
        foreach (var builder in _builders)
        {
            builder.Clear();
        }

        RowCount = 0;
    }

    public void Dispose()
    {
        foreach (var builder in _builders)
        {
            builder.Dispose();
        }
    }
}
