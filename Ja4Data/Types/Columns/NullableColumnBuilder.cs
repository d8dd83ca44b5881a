using Ja4Data.Protocol;

namespace Ja4Data.Types.Columns;

/// <summary>Builds Nullable(T): NULL rows get a 1 in the null map and the nested type's default as placeholder.</summary>
internal sealed class NullableColumnBuilder(ColumnBuilder values, object? placeholder) : ColumnBuilder
{
    private PooledList<byte> _nullMap;

    public override int Count => _nullMap.Count;

    /// <summary>The builder of the nested type.</summary>
    public ColumnBuilder Values => values;

    /// <summary>Appends <typeparamref name="T"/>? rows through the nested builder's typed path: NULL or a value, unboxed.</summary>
    public IColumnAppender<T?> Typed<T>(IColumnAppender<T> typedValues)
        where T : struct
        => new TypedAppender<T>(this, typedValues);

    public override void Append(object? value)
    {
        if (value is null or DBNull)
        {
            values.Append(placeholder);
            _nullMap.Add(1);
        }
        else
        {
            values.Append(value);
            _nullMap.Add(0);
        }
    }

    public override void WritePrefix(ProtocolWriter writer) => values.WritePrefix(writer);

    public override void WriteData(ProtocolWriter writer)
    {
        writer.WriteBytes(_nullMap.Span);
        values.WriteData(writer);
    }

    public override void Clear()
    {
        _nullMap.Clear();
        values.Clear();
    }

    public override void Truncate(int count)
    {
        _nullMap.Truncate(count);
        values.Truncate(count);
    }

    protected override void ReleaseBuffers()
    {
        _nullMap.Dispose();
        values.Dispose();
    }

    private sealed class TypedAppender<T>(NullableColumnBuilder owner, IColumnAppender<T> typedValues) : IColumnAppender<T?>
        where T : struct
    {
        public void Append(T? value)
        {
            if (value is { } present)
            {
                // The value first: if it is refused, neither column has grown.
                typedValues.Append(present);
                owner._nullMap.Add(0);
            }
            else
            {
                owner.Append(null);
            }
        }
    }
}
