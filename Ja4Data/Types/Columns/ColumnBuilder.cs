using Ja4Data.Protocol;

namespace Ja4Data.Types.Columns;

/// <summary>
/// Accumulates values for one column of an outgoing block and writes them in Native encoding. Conversion happens
/// in <see cref="Append"/>, so a bad value is rejected before any byte of the block is sent.
/// </summary>
internal abstract class ColumnBuilder : IDisposable
{
    public abstract int Count { get; }

    /// <summary>
    /// Converts and appends one value. Throws <see cref="InvalidCastException"/>, <see cref="OverflowException"/> or
    /// <see cref="FormatException"/> with a message describing the expected input; the caller adds column and row.
    /// </summary>
    public abstract void Append(object? value);

    /// <summary>Writes the state prefix of this column and nested ones (LowCardinality, Variant...).</summary>
    public virtual void WritePrefix(ProtocolWriter writer)
    {
    }

    /// <summary>Writes the data of all appended rows.</summary>
    public abstract void WriteData(ProtocolWriter writer);

    /// <summary>Forgets the appended rows, keeping capacity for the next block.</summary>
    public abstract void Clear();

    /// <summary>Drops the last <paramref name="count"/> rows (undoing a partly appended row).</summary>
    public abstract void Truncate(int count);

    public void Dispose() => ReleaseBuffers();

    /// <summary>Returns pooled arrays; the object must not be used afterwards.</summary>
    protected virtual void ReleaseBuffers()
    {
    }
}

/// <summary>A builder that also takes values of <typeparamref name="T"/> without boxing (columnar bulk inserts).</summary>
internal interface IColumnAppender<in T>
{
    void Append(T value);
}
