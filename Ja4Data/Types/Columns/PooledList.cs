using Ja4Data.Protocol;

namespace Ja4Data.Types.Columns;

/// <summary>
/// A growable list over pooled arrays, for builders that are reused block after block; an array grown past
/// <see cref="ConnectionBuffers.RetainedLimit"/> by a huge value is left to the garbage collector, not pooled.
/// </summary>
internal struct PooledList<T> : IDisposable
{
    private T[] _items;
    private int _count;

    public readonly int Count => _count;

    public readonly ReadOnlySpan<T> Span => _items is null ? default : _items.AsSpan(0, _count);

    public readonly T this[int index] => _items[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (_items is null || _count == _items.Length)
        {
            Grow(1);
        }

        _items![_count++] = item;
    }

    /// <summary>Reserves <paramref name="count"/> items at the end and returns them for the caller to fill.</summary>
    public Span<T> AppendSpan(int count)
    {
        while (_items is null || _items.Length - _count < count)
        {
            Grow(count);
        }

        var span = _items.AsSpan(_count, count);
        _count += count;
        return span;
    }

    public void AddRange(ReadOnlySpan<T> items) => items.CopyTo(AppendSpan(items.Length));

    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && _items is not null)
        {
            Array.Clear(_items, 0, _count);
        }

        _count = 0;
    }

    public void Truncate(int count)
    {
        if (count < _count)
        {
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(_items, count, _count - count);
            }

            _count = count;
        }
    }

    private void Grow(int extra)
    {
        var current = _items?.Length ?? 0;
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(Math.Max(256, current * 2), _count + extra));
        if (_items is not null)
        {
            Array.Copy(_items, bigger, _count);
            ConnectionBuffers.Return(_items);
        }

        _items = bigger;
    }

    public void Dispose()
    {
        if (_items is not null)
        {
            ConnectionBuffers.Return(_items);
            _items = null!;
            _count = 0;
        }
    }
}
