using System.Collections;
using System.Runtime.InteropServices;
using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds Array(T) from any non-string <see cref="IEnumerable"/>.</summary>
internal sealed class ArrayColumnBuilder(ColumnBuilder elements) : ColumnBuilder
{
    private PooledList<ulong> _ends;

    public override int Count => _ends.Count;

    public override void Append(object? value)
    {
        if (value is null or string or not IEnumerable)
        {
            throw value is null ? ValueConvert.NullNotAllowed() : ValueConvert.Unsupported(value, "Array (expected an array or other IEnumerable)");
        }

        var before = elements.Count;
        try
        {
            foreach (var item in (IEnumerable)value)
            {
                elements.Append(item);
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            var index = elements.Count - before;
            elements.Truncate(before);
            throw new InvalidCastException($"element {index}: {ex.Message}", ex);
        }

        _ends.Add((ulong)elements.Count);
    }

    public override void WritePrefix(ProtocolWriter writer) => elements.WritePrefix(writer);

    public override void WriteData(ProtocolWriter writer)
    {
        writer.WriteBytes(MemoryMarshal.AsBytes(_ends.Span));
        elements.WriteData(writer);
    }

    public override void Clear()
    {
        _ends.Clear();
        elements.Clear();
    }

    public override void Truncate(int count)
    {
        if (count < _ends.Count)
        {
            elements.Truncate(count == 0 ? 0 : (int)_ends[count - 1]);
            _ends.Truncate(count);
        }
    }

    protected override void ReleaseBuffers()
    {
        _ends.Dispose();
        elements.Dispose();
    }
}
