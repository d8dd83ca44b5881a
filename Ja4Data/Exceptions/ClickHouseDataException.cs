namespace Ja4Data;

/// <summary>
/// A value to insert does not fit its column. Raised before the block holding it is sent, so nothing of that block
/// (and, for <see cref="IClickHouseClient.Insert"/>, nothing of the call) is written.
/// </summary>
public sealed class ClickHouseDataException : ClickHouseException
{
    /// <summary>Creates the error.</summary>
    public ClickHouseDataException(string column, string expectedType, long rowIndex, object? value, string problem, Exception? innerException = null)
        : base($"Row {rowIndex}, column '{column}' ({expectedType}): {problem} (value of type {value?.GetType().Name ?? "null"}).", innerException)
    {
        Column = column;
        ExpectedType = expectedType;
        RowIndex = rowIndex;
        ValueType = value?.GetType();
    }

    /// <summary>The column the value was meant for.</summary>
    public string Column { get; }

    /// <summary>The column's ClickHouse type.</summary>
    public string ExpectedType { get; }

    /// <summary>Zero-based index of the row in the caller's input.</summary>
    public long RowIndex { get; }

    /// <summary>The .NET type of the rejected value (null for NULL).</summary>
    public Type? ValueType { get; }

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.NotExecuted;
}
