using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Mapping;

namespace Ja4Data.Types;

/// <summary>
/// The columns of one outgoing block, shaped by the header the server announced. Every value is converted on
/// append; a value that does not fit fails with column, row and types, and the partial row is rolled back.
/// </summary>
internal sealed class BlockBuffer : IDisposable
{
    private readonly ColumnCodec[] _codecs;
    private readonly ColumnBuilder[] _builders;
    private object? _recordWriter;

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

    /// <summary>
    /// Appends a typed record through <paramref name="writer"/> (compiled for exactly these columns); a value that does
    /// not fit fails with column, row and member, and the partial row is rolled back.
    /// </summary>
    public void AppendRecord<T>(RecordWriter<T> writer, T row, long rowIndex)
    {
        if (!ReferenceEquals(_recordWriter, writer))
        {
            if (!writer.Names.SequenceEqual(Names, StringComparer.Ordinal) || !writer.Types.SequenceEqual(Types, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"A record writer for ({string.Join(", ", writer.Names)}) cannot fill a block of ({string.Join(", ", Names)}).");
            }

            _recordWriter = writer;
        }

        try
        {
            writer.Append(row, _builders);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            // Columns fill in order and a failing append adds nothing: the failed column is the first still short.
            var column = Math.Max(0, Array.FindIndex(_builders, b => b.Count == RowCount));
            foreach (var builder in _builders)
            {
                builder.Truncate(RowCount);
            }

            var (member, value) = writer.Describe(column, row);
            throw new ClickHouseDataException(Names[column], Types[column], rowIndex, value, $"{member}: {ex.Message}", ex);
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
