using Ja4Data.Sql;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// The rows of an inline INSERT on their way to blocks: the values as written (<see cref="Cells"/>), and the .NET values
/// they convert to (<see cref="Values"/>), filled in by <see cref="Convert"/> for literals and by
/// <see cref="InlineExpressions"/> for expressions. Errors name the row, the column and where the value stood.
/// </summary>
internal sealed class InlineRows
{
    private readonly string _sql;

    public InlineRows(string sql, IReadOnlyList<(string Name, TypeNode Type)> columns, List<SqlValue[]> cells)
    {
        _sql = sql;
        Columns = columns;
        Cells = cells;
        Values = new object?[cells.Count][];
        for (var r = 0; r < Values.Length; r++)
        {
            Values[r] = new object?[columns.Count];
        }
    }

    /// <summary>The insert's columns as the server announced them.</summary>
    public IReadOnlyList<(string Name, TypeNode Type)> Columns { get; }

    public List<SqlValue[]> Cells { get; }

    public object?[][] Values { get; }

    /// <summary>The values the server must evaluate, in row order.</summary>
    public List<(int Row, int Column)> Expressions { get; } = [];

    /// <summary>Columns left out of every row (<c>DEFAULT</c>, or absent): the insert leaves them to the server's defaults.</summary>
    public HashSet<int> Omitted { get; } = [];

    /// <summary>Converts every literal to its column's type; records expressions and omitted columns.</summary>
    /// <exception cref="ClickHouseDataException">A value does not convert; it names row, column and position.</exception>
    public void Convert(LiteralContext context)
    {
        for (var c = 0; c < Columns.Count; c++)
        {
            if (Cells.TrueForAll(row => row[c].Kind is SqlValueKind.Default or SqlValueKind.Missing))
            {
                Omitted.Add(c);
            }
        }

        if (Omitted.Count == Columns.Count)
        {
            // An insert needs a column: these take their type's default value instead.
            Omitted.Clear();
        }

        for (var r = 0; r < Cells.Count; r++)
        {
            for (var c = 0; c < Columns.Count; c++)
            {
                var cell = Cells[r][c];
                switch (cell.Kind)
                {
                    case SqlValueKind.Expression:
                        Expressions.Add((r, c));
                        break;
                    case SqlValueKind.Default or SqlValueKind.Missing when Omitted.Contains(c):
                        break;
                    case SqlValueKind.Default:
                        throw Error(r, c, null, "DEFAULT is given in some rows only; the server computes a column's DEFAULT only for a column left out of the "
                            + "insert, so write the value, or DEFAULT in every row (or leave the column out of the column list)", null);
                    case SqlValueKind.Missing:
                        // Left out of some rows only: the type's default value, as servers fill it without input_format_defaults_for_omitted_fields.
                        Values[r][c] = ColumnCodecFactory.Create(Columns[c].Type).DefaultValue;
                        break;
                    default:
                        try
                        {
                            Values[r][c] = ValueConvert.FromSqlValue(cell, Columns[c].Type, context);
                        }
                        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
                        {
                            throw Error(r, c, cell.Text, ex.Message, ex);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>The rows with only the columns <paramref name="kept"/>, in that order.</summary>
    public IEnumerable<IReadOnlyList<object?>> Project(IReadOnlyList<int> kept)
        => Values.Select(row => (IReadOnlyList<object?>)[.. kept.Select(c => row[c])]);

    /// <summary>A problem with the value at row <paramref name="row"/>, column <paramref name="column"/>, with where it stands.</summary>
    public ClickHouseDataException Error(int row, int column, object? value, string problem, Exception? inner)
        => new(Columns[column].Name, Columns[column].Type.ToString(), row, value, problem.TrimEnd('.') + Where(Cells[row][column]), inner);

    /// <summary>A conversion failure found while filling blocks, with where the value stood in the SQL.</summary>
    public Exception Describe(ClickHouseDataException failure)
    {
        var column = -1;
        for (var c = 0; c < Columns.Count && column < 0; c++)
        {
            column = Columns[c].Name == failure.Column ? c : -1;
        }

        return column < 0 || failure.RowIndex >= Cells.Count
            ? failure
            : Error((int)failure.RowIndex, column, Values[failure.RowIndex][column], failure.InnerException?.Message ?? failure.Message, failure.InnerException ?? failure);
    }

    /// <summary>The SQL text of the expression at <paramref name="cell"/>.</summary>
    public string ExpressionText((int Row, int Column) cell) => Cells[cell.Row][cell.Column].Text!;

    private string Where(SqlValue cell) => cell.Start < 0 ? string.Empty : $" (the value at {ValuesParser.Describe(_sql, cell.Start)})";
}
