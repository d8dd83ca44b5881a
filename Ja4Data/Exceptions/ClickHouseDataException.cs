namespace Ja4Data;

/// <summary>
/// A value does not fit. Writing: a value to insert does not fit its column, raised before the block holding it is
/// sent, so nothing of that block (and, for <see cref="IClickHouseClient.Insert"/>, nothing of the call) is written.
/// Reading: a value the server sent does not fit the .NET type of its column (say a DateTime64 count beyond
/// <see cref="DateTime"/>'s years 1 to 9999); the connection stays usable and the row's other columns readable.
/// </summary>
public sealed class ClickHouseDataException : ClickHouseException
{
    private readonly ClickHouseOutcome _outcome = ClickHouseOutcome.NotExecuted;

    /// <summary>Creates the error for a value to write.</summary>
    public ClickHouseDataException(string column, string expectedType, long rowIndex, object? value, string problem, Exception? innerException = null)
        : base($"Row {rowIndex}, column '{column}' ({expectedType}): {problem} (value of type {value?.GetType().Name ?? "null"}).", innerException)
    {
        Column = column;
        ExpectedType = expectedType;
        RowIndex = rowIndex;
        ValueType = value?.GetType();
    }

    private ClickHouseDataException(string column, string type, long rowIndex, string problem, Exception innerException)
        : base($"Row {rowIndex} of the result, column '{column}' ({type}): {problem}", innerException)
    {
        Column = column;
        ExpectedType = type;
        RowIndex = rowIndex;
        _outcome = ClickHouseOutcome.Failed;
    }

    /// <summary>The column the value was meant for, or was read from.</summary>
    public string Column { get; }

    /// <summary>The column's ClickHouse type.</summary>
    public string ExpectedType { get; }

    /// <summary>Zero-based index of the row in the caller's input, or in the result when reading.</summary>
    public long RowIndex { get; }

    /// <summary>The .NET type of the rejected value (null for NULL, and when reading).</summary>
    public Type? ValueType { get; }

    /// <summary>
    /// Writing: <see cref="ClickHouseOutcome.NotExecuted"/> (nothing of the block was sent). Reading:
    /// <see cref="ClickHouseOutcome.Failed"/> (the statement ran; repeating it reads the same value).
    /// </summary>
    public override ClickHouseOutcome Outcome => _outcome;

    /// <summary>A value the server sent that the .NET type of its column cannot hold.</summary>
    internal static ClickHouseDataException ForRead(string column, string type, long rowIndex, string problem, Exception innerException)
        => new(column, type, rowIndex, problem, innerException);
}
