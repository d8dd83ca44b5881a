using System.Collections;
using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds a Tuple column from <c>object?[]</c>, any <see cref="ITuple"/> (ValueTuple, Tuple) or other list.</summary>
internal sealed class TupleColumnBuilder(ColumnBuilder[] elements, string typeName) : ColumnBuilder
{
    private int _count;

    public override int Count => _count;

    public override void Append(object? value)
    {
        var items = value switch
        {
            null or DBNull => throw ValueConvert.NullNotAllowed(),
            object?[] array => array,
            ITuple tuple => [.. Enumerable.Range(0, tuple.Length).Select(i => tuple[i])],
            IList list => [.. list.Cast<object?>()],
            _ => throw ValueConvert.Unsupported(value, typeName + " (expected object?[], a ValueTuple/Tuple or a list)"),
        };
        if (items.Length != elements.Length)
        {
            throw new InvalidCastException($"{items.Length} values cannot be written as {typeName}, which has {elements.Length} elements.");
        }

        var i = 0;
        try
        {
            for (; i < elements.Length; i++)
            {
                elements[i].Append(items[i]);
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            for (var j = 0; j < i; j++)
            {
                elements[j].Truncate(_count);
            }

            throw new InvalidCastException($"tuple element {i + 1}: {ex.Message}", ex);
        }

        _count++;
    }

    public override void WritePrefix(ProtocolWriter writer)
    {
        foreach (var element in elements)
        {
            element.WritePrefix(writer);
        }
    }

    public override void WriteData(ProtocolWriter writer)
    {
        if (elements.Length == 0)
        {
            for (var i = 0; i < _count; i++)
            {
                writer.WriteByte((byte)'0');
            }
        }

        foreach (var element in elements)
        {
            element.WriteData(writer);
        }
    }

    public override void Clear()
    {
        _count = 0;
        foreach (var element in elements)
        {
            element.Clear();
        }
    }

    public override void Truncate(int count)
    {
        _count = Math.Min(_count, count);
        foreach (var element in elements)
        {
            element.Truncate(count);
        }
    }

    protected override void ReleaseBuffers()
    {
        foreach (var element in elements)
        {
            element.Dispose();
        }
    }
}
