namespace Ja4Data.Types.Conversion;

/// <summary>
/// A value the server sent that the .NET type of its column cannot hold (a Date32 beyond year 9999, a DateTime64 count
/// beyond DateTime's range, a Decimal wider than System.Decimal). The bytes are valid ClickHouse data - ClickHouse keeps
/// such values when they arrive unchecked - so this is no protocol error: it is thrown lazily, when the value is mapped,
/// and turned into a <see cref="ClickHouseDataException"/> naming column and row where a caller reads values
/// (<see cref="ToDataException"/>). An <see cref="OverflowException"/> for code that catches those.
/// </summary>
internal sealed class UnrepresentableValueException(string message) : OverflowException(message)
{
    /// <summary>The caller's error for the value at <paramref name="rowIndex"/> of <paramref name="column"/>.</summary>
    public ClickHouseDataException ToDataException(string column, string type, long rowIndex)
        => ClickHouseDataException.ForRead(
            column,
            type,
            rowIndex,
            $"{Message} ClickHouse stores such values when they arrive unchecked; select the column as text (toString) or as its raw number (reinterpret) to read it.",
            this);
}
