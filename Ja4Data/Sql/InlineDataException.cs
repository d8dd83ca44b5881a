namespace Ja4Data.Sql;

/// <summary>Inline INSERT data that does not read as rows of values; names the row, the value and the offset.</summary>
internal sealed class InlineDataException(int row, int value, int offset, string message) : FormatException(message)
{
    /// <summary>0-based row of the data.</summary>
    public int Row { get; } = row;

    /// <summary>0-based position of the value in its row; -1 for a problem between values.</summary>
    public int Value { get; } = value;

    /// <summary>Offset in the text that was read.</summary>
    public int Offset { get; } = offset;
}
