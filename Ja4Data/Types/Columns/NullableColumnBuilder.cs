using Ja4Data.Protocol;

namespace Ja4Data.Types.Columns;

/// <summary>Builds Nullable(T): NULL rows get a 1 in the null map and the nested type's default as placeholder.</summary>
internal sealed class NullableColumnBuilder(ColumnBuilder values, object? placeholder) : ColumnBuilder
{
    private PooledList<byte> _nullMap;

    public override int Count => _nullMap.Count;

    /// <summary>The builder of the nested type, for typed appends: append the value there, then call <see cref="AppendPresent"/>.</summary>
    public ColumnBuilder Values => values;

    /// <summary>Appends <typeparamref name="T"/>? rows through the nested builder's typed path: NULL or a value, unboxed.</summary>
    public IColumnAppender<T?> Typed<T>(IColumnAppender<T> typedValues)
        where T : struct
        => new TypedAppender<T>(this, typedValues);

    /// <summary>Appends NULL (the nested type's placeholder, flagged in the null map).</summary>
    public void AppendNull()
    {
        values.Append(placeholder);
        _nullMap.Add(1);
    }

    /// <summary>Completes a non-NULL row whose value the caller appended to <see cref="Values"/>.</summary>
    public void AppendPresent() => _nullMap.Add(0);

    public override void Append(object? value)
    {
        if (value is null or DBNull)
        {
            AppendNull();
        }
        else
        {
            values.Append(value);
            AppendPresent();
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
                owner.AppendPresent();
            }
            else
            {
                owner.AppendNull();
            }
        }
    }
}
