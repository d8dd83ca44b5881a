namespace Ja4Data.Types.Columns;

/// <summary>
/// One decoded column of one block. Values come out through <see cref="GetValue"/> (boxed, for object APIs) or,
/// without boxing, through <see cref="ColumnData{T}.Get"/> when the reader asks for the column's own CLR type.
/// </summary>
internal abstract class ColumnData : IDisposable
{
    public abstract int Count { get; }

    /// <summary>The value at <paramref name="row"/> mapped to .NET as docs/types.md says; null for NULL.</summary>
    public abstract object? GetValue(int row);

    public virtual bool IsNull(int row) => false;

    /// <summary>
    /// For wrappers (Nullable, LowCardinality, sparse): the column that holds the value of <paramref name="row"/> and
    /// the row there, so typed getters can reach a <see cref="ColumnData{T}"/> without boxing. Null for NULL.
    /// </summary>
    public virtual (ColumnData Column, int Row)? Resolve(int row) => (this, row);

    /// <summary>Copies rows into a typed array (used for Array(T) values); the typed override avoids boxing.</summary>
    public virtual void CopyTo(Array destination, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            destination.SetValue(GetValue(start + i), i);
        }
    }

    public void Dispose() => ReleaseBuffers();

    /// <summary>Returns pooled arrays; the object must not be used afterwards.</summary>
    protected virtual void ReleaseBuffers()
    {
    }
}

/// <summary>A column whose values are of CLR type <typeparamref name="T"/>.</summary>
internal abstract class ColumnData<T> : ColumnData
{
    public abstract T Get(int row);

    public override object? GetValue(int row) => Get(row);

    public override void CopyTo(Array destination, int start, int count)
    {
        if (destination is T[] typed)
        {
            for (var i = 0; i < count; i++)
            {
                typed[i] = Get(start + i);
            }
        }
        else
        {
            base.CopyTo(destination, start, count);
        }
    }
}
