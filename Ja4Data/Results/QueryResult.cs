namespace Ja4Data;

/// <summary>A fully read result: column metadata, rows as object arrays, and what the server reported doing.</summary>
public sealed class QueryResult
{
    /// <summary>Creates a result.</summary>
    public QueryResult(IReadOnlyList<string> columnNames, IReadOnlyList<string> columnTypes, IReadOnlyList<object?[]> resultRows, QuerySummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(columnTypes);
        ArgumentNullException.ThrowIfNull(resultRows);
        if (columnNames.Count != columnTypes.Count)
        {
            throw new ArgumentException($"{columnNames.Count} column names but {columnTypes.Count} column types.", nameof(columnTypes));
        }

        ColumnNames = columnNames;
        ColumnTypes = columnTypes;
        ResultRows = resultRows;
        Summary = summary ?? new QuerySummary();
    }

    /// <summary>Column names in result order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>ClickHouse type names, as the server spelled them (for example <c>Nullable(String)</c>).</summary>
    public IReadOnlyList<string> ColumnTypes { get; }

    /// <summary>
    /// The rows; each array has one value per column, mapped as docs/types.md says. Results of the client's
    /// <c>Query</c> hold the data column by column and build a row's array on each access: keep the array while you
    /// use it (indexing again builds a new one, and changes to an array are not kept).
    /// </summary>
    public IReadOnlyList<object?[]> ResultRows { get; }

    /// <summary>Rows and bytes read and written and the elapsed time, as the server reported them.</summary>
    public QuerySummary Summary { get; }

    /// <summary>The first value of the first row, or null when there are no rows.</summary>
    public object? FirstValue => ResultRows.Count > 0 && ResultRows[0].Length > 0 ? ResultRows[0][0] : null;
}
