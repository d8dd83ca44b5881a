using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds a fixed-width column: raw values in a pooled list, written as one memory copy.</summary>
internal sealed class FixedColumnBuilder<TRaw, T, TMapper>(TMapper mapper) : ColumnBuilder, IColumnAppender<T>
    where TRaw : unmanaged
    where TMapper : struct, IValueMapper<TRaw, T>
{
    private PooledList<TRaw> _values;

    public override int Count => _values.Count;

    public ReadOnlySpan<TRaw> Raw => _values.Span;

    public void Append(T value) => _values.Add(mapper.Unmap(value));

    public void AppendRaw(TRaw value) => _values.Add(value);

    public override void Append(object? value)
    {
        switch (value)
        {
            case null:
                throw ValueConvert.NullNotAllowed();
            case T typed:
                _values.Add(mapper.Unmap(typed));
                break;
            default:
                _values.Add(mapper.FromObject(value));
                break;
        }
    }

    public override void WriteData(ProtocolWriter writer) => writer.WriteBytes(MemoryMarshal.AsBytes(_values.Span));

    public override void Clear() => _values.Clear();

    public override void Truncate(int count) => _values.Truncate(count);

    protected override void ReleaseBuffers() => _values.Dispose();
}
