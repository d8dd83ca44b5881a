using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>
/// Builds Array(T) from any non-string <see cref="IEnumerable"/>. Arrays, lists, memory and sequences of a .NET type the
/// element builder takes typed (<see cref="IColumnAppender{T}"/>: <c>uint[]</c> for UInt32, <c>uint?[]</c> for
/// Nullable(UInt32), <c>List&lt;string&gt;</c> for String...) go through that typed path, so no element is boxed;
/// anything else goes element by element as objects.
/// </summary>
internal sealed class ArrayColumnBuilder : ColumnBuilder
{
    private static readonly MethodInfo TypedFactory = typeof(ArrayColumnBuilder).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo NullableTypedFactory = typeof(ArrayColumnBuilder).GetMethod(nameof(NullableTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ColumnBuilder _elements;
    private readonly TypedElements[] _typed;
    private PooledList<ulong> _ends;

    public ArrayColumnBuilder(ColumnBuilder elements)
    {
        _elements = elements;
        _typed = TypedPaths(elements);
    }

    public override int Count => _ends.Count;

    /// <summary>The flat element builder, for typed appends: append a row's elements there, then call <see cref="EndRow"/>.</summary>
    public ColumnBuilder Elements => _elements;

    /// <summary>Ends a row whose elements the caller appended to <see cref="Elements"/>.</summary>
    public void EndRow() => _ends.Add((ulong)_elements.Count);

    public override void Append(object? value)
    {
        if (value is null or string)
        {
            throw value is null ? ValueConvert.NullNotAllowed() : Unsupported(value);
        }

        var before = _elements.Count;
        bool appended;
        try
        {
            appended = AppendElements(value);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            var index = _elements.Count - before;
            _elements.Truncate(before);
            throw new InvalidCastException($"element {index}: {ex.Message}", ex);
        }

        if (!appended)
        {
            throw Unsupported(value);
        }

        _ends.Add((ulong)_elements.Count);
    }

    public override void WritePrefix(ProtocolWriter writer) => _elements.WritePrefix(writer);

    public override void WriteData(ProtocolWriter writer)
    {
        writer.WriteBytes(MemoryMarshal.AsBytes(_ends.Span));
        _elements.WriteData(writer);
    }

    public override void Clear()
    {
        _ends.Clear();
        _elements.Clear();
    }

    // Also drops the elements of a partly appended row (typed appends through Elements).
    public override void Truncate(int count)
    {
        if (count <= _ends.Count)
        {
            _elements.Truncate(count == 0 ? 0 : (int)_ends[count - 1]);
            _ends.Truncate(count);
        }
    }

    protected override void ReleaseBuffers()
    {
        _ends.Dispose();
        _elements.Dispose();
    }

    private static InvalidCastException Unsupported(object value) => ValueConvert.Unsupported(value, "Array (expected an array or other IEnumerable)");

    // The typed paths of the element builder: one per T it takes typed, and T? over a Nullable's nested builder.
    // Found by reflection once per builder, because only the builder's runtime type knows its T.
    private static TypedElements[] TypedPaths(ColumnBuilder elements)
    {
        var paths = AppenderTypes(elements).Select(t => (TypedElements)TypedFactory.MakeGenericMethod(t).Invoke(null, [elements])!);
        if (elements is NullableColumnBuilder nullable)
        {
            paths = paths.Concat(AppenderTypes(nullable.Values)
                .Where(t => t.IsValueType)
                .Select(t => (TypedElements)NullableTypedFactory.MakeGenericMethod(t).Invoke(null, [nullable])!));
        }

        return [.. paths];
    }

    private static IEnumerable<Type> AppenderTypes(ColumnBuilder builder)
        => builder.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IColumnAppender<>))
            .Select(i => i.GetGenericArguments()[0]);

    private static TypedElements<T> Typed<T>(ColumnBuilder elements) => new((IColumnAppender<T>)elements);

    private static TypedElements<T?> NullableTyped<T>(NullableColumnBuilder nullable)
        where T : struct
        => new(nullable.Typed((IColumnAppender<T>)nullable.Values));

    // False when the value is no sequence at all (nothing appended).
    private bool AppendElements(object value)
    {
        foreach (var typed in _typed)
        {
            if (typed.TryAppend(value))
            {
                return true;
            }
        }

        switch (value)
        {
            case object?[] references:
                // Arrays of reference types (string[], uint[][]...) without an enumerator object.
                foreach (var item in references)
                {
                    _elements.Append(item);
                }

                return true;
            case IEnumerable sequence:
                foreach (var item in sequence)
                {
                    _elements.Append(item);
                }

                return true;
            default:
                return false;
        }
    }

    private abstract class TypedElements
    {
        /// <summary>Appends the elements of <paramref name="value"/> when it is a sequence of this path's type; false otherwise.</summary>
        public abstract bool TryAppend(object value);
    }

    private sealed class TypedElements<T>(IColumnAppender<T> appender) : TypedElements
    {
        public override bool TryAppend(object value)
        {
            // The exact array type: the runtime also lets int[] pass as uint[] (and an enum array as its integers'),
            // which would reinterpret the bits instead of converting each value.
            if (value.GetType() == typeof(T[]))
            {
                AppendSpan(Unsafe.As<T[]>(value));
                return true;
            }

            switch (value)
            {
                case List<T> list:
                    AppendSpan(CollectionsMarshal.AsSpan(list));
                    return true;
                case ReadOnlyMemory<T> memory:
                    AppendSpan(memory.Span);
                    return true;
                case Memory<T> memory:
                    AppendSpan(memory.Span);
                    return true;
                case ArraySegment<T> segment:
                    AppendSpan(segment);
                    return true;
                case ImmutableArray<T> immutable:
                    AppendSpan(immutable.AsSpan());
                    return true;
                case IEnumerable<T> sequence when value is not Array:
                    foreach (var item in sequence)
                    {
                        appender.Append(item);
                    }

                    return true;
                default:
                    return false;
            }
        }

        private void AppendSpan(ReadOnlySpan<T> items)
        {
            foreach (var item in items)
            {
                appender.Append(item);
            }
        }
    }
}
