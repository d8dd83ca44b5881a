using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>
/// Builds a LowCardinality column: distinct values go once into a key column, rows become indexes of the narrowest
/// width that fits the dictionary. With Nullable inside, key 0 is a placeholder and NULL rows point at it.
/// </summary>
internal sealed class LowCardinalityColumnBuilder : ColumnBuilder
{
    private readonly ColumnBuilder _keys;
    private readonly object? _nullPlaceholder;
    private readonly bool _nullable;
    private readonly Dictionary<object, int> _positions = new(LowCardinalityKeyComparer.Instance);
    private object? _typedPositions;
    private PooledList<int> _indexes;

    public LowCardinalityColumnBuilder(ColumnBuilder keys, object? nullPlaceholder, bool nullable)
    {
        _keys = keys;
        _nullPlaceholder = nullPlaceholder;
        _nullable = nullable;
        Reset();
    }

    public override int Count => _indexes.Count;

    public override void Append(object? value)
    {
        if (value is null or DBNull)
        {
            AppendNull();
            return;
        }

        if (!_positions.TryGetValue(value, out var position))
        {
            position = _keys.Count;
            _keys.Append(value);
            _positions.Add(value, position);
        }

        _indexes.Add(position);
    }

    /// <summary>Appends NULL (dictionary slot 0); refused unless the type has Nullable inside.</summary>
    public void AppendNull() => _indexes.Add(_nullable ? 0 : throw ValueConvert.NullNotAllowed());

    /// <summary>
    /// Appends a key of the dictionary's own .NET type without boxing it (typed records). Keys are looked up in a
    /// dictionary of their own type; a block filled through both this and <see cref="Append(object?)"/> may hold a
    /// value twice in its dictionary, which the format allows.
    /// </summary>
    public void Append<TKey>(TKey value)
        where TKey : notnull
    {
        // Byte arrays compare by content, which the object path's comparer does (and they are not boxed anyway).
        if (_keys is not IColumnAppender<TKey> keys || typeof(TKey) == typeof(byte[]))
        {
            Append((object)value);
            return;
        }

        if (_typedPositions is not Dictionary<TKey, int> positions)
        {
            positions = [];
            _typedPositions = positions;
        }

        if (!positions.TryGetValue(value, out var position))
        {
            position = _keys.Count;
            keys.Append(value);
            positions.Add(value, position);
        }

        _indexes.Add(position);
    }

    public override void WritePrefix(ProtocolWriter writer) => writer.WriteUInt64(LowCardinalityCodec.SharedDictionariesWithAdditionalKeys);

    public override void WriteData(ProtocolWriter writer)
    {
        if (_indexes.Count == 0)
        {
            return;
        }

        var keyCount = _keys.Count;
        var widthCode = keyCount <= byte.MaxValue + 1 ? 0 : keyCount <= ushort.MaxValue + 1 ? 1 : 2;
        writer.WriteUInt64(LowCardinalityCodec.HasAdditionalKeys | (ulong)widthCode);
        writer.WriteUInt64((ulong)keyCount);
        _keys.WriteData(writer);
        writer.WriteUInt64((ulong)_indexes.Count);
        var width = 1 << widthCode;
        var span = writer.GetSpan(_indexes.Count * width);
        for (var i = 0; i < _indexes.Count; i++)
        {
            var index = _indexes[i];
            switch (widthCode)
            {
                case 0: span[i] = (byte)index; break;
                case 1: BinaryPrimitives.WriteUInt16LittleEndian(span[(i * 2)..], (ushort)index); break;
                default: BinaryPrimitives.WriteUInt32LittleEndian(span[(i * 4)..], (uint)index); break;
            }
        }

        writer.Advance(_indexes.Count * width);
    }

    public override void Clear()
    {
        _indexes.Clear();
        Reset();
    }

    // Keys stay: an unused key is harmless and the dictionary cannot forget values in the middle.
    public override void Truncate(int count) => _indexes.Truncate(count);

    private void Reset()
    {
        _keys.Clear();
        _positions.Clear();
        (_typedPositions as System.Collections.IDictionary)?.Clear();
        if (_nullable)
        {
            _keys.Append(_nullPlaceholder);
        }
    }

    protected override void ReleaseBuffers()
    {
        _indexes.Dispose();
        _keys.Dispose();
    }
}
