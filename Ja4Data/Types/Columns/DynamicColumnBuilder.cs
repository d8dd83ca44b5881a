using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>
/// Builds a Dynamic column in the FLATTENED serialization: each value's ClickHouse type is inferred from its CLR type
/// (<see cref="ClrTypeMap"/>) or taken from a <see cref="ClickHouseVariant"/> wrapper.
/// </summary>
internal sealed class DynamicColumnBuilder : ColumnBuilder
{
    private readonly List<ColumnCodec> _types = [];
    private readonly List<ColumnBuilder> _builders = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private PooledList<int> _discriminators;

    public override int Count => _discriminators.Count;

    public override void Append(object? value)
    {
        if (value is ClickHouseVariant { Value: null or DBNull } || value is null or DBNull)
        {
            _discriminators.Add(-1);
            return;
        }

        var (typeName, payload) = value is ClickHouseVariant wrapped ? (wrapped.TypeName, wrapped.Value!) : (ClrTypeMap.TypeNameOf(value), value);
        var codec = ColumnCodecFactory.Get(typeName);
        if (!_positions.TryGetValue(codec.TypeName, out var position))
        {
            if (_types.Count == byte.MaxValue - 1)
            {
                throw new InvalidCastException($"a Dynamic column block cannot hold more than {byte.MaxValue - 1} types.");
            }

            position = _types.Count;
            _types.Add(codec);
            _builders.Add(codec.CreateBuilder());
            _positions.Add(codec.TypeName, position);
        }

        _builders[position].Append(payload);
        _discriminators.Add(position);
    }

    public override void WritePrefix(ProtocolWriter writer)
    {
        writer.WriteUInt64(DynamicCodec.FlattenedVersion);
        writer.WriteVarUInt((ulong)_types.Count);
        foreach (var type in _types)
        {
            writer.WriteString(type.TypeName);
        }

        foreach (var builder in _builders)
        {
            builder.WritePrefix(writer);
        }
    }

    public override void WriteData(ProtocolWriter writer)
    {
        var span = writer.GetSpan(_discriminators.Count);
        for (var i = 0; i < _discriminators.Count; i++)
        {
            span[i] = (byte)(_discriminators[i] < 0 ? _types.Count : _discriminators[i]);
        }

        writer.Advance(_discriminators.Count);
        foreach (var builder in _builders)
        {
            builder.WriteData(writer);
        }
    }

    public override void Clear()
    {
        _discriminators.Clear();
        foreach (var builder in _builders)
        {
            builder.Dispose();
        }

        _types.Clear();
        _builders.Clear();
        _positions.Clear();
    }

    public override void Truncate(int count)
    {
        if (count >= _discriminators.Count)
        {
            return;
        }

        _discriminators.Truncate(count);
        var counts = new int[_builders.Count];
        foreach (var d in _discriminators.Span)
        {
            if (d >= 0)
            {
                counts[d]++;
            }
        }

        for (var i = 0; i < _builders.Count; i++)
        {
            _builders[i].Truncate(counts[i]);
        }
    }

    protected override void ReleaseBuffers()
    {
        _discriminators.Dispose();
        foreach (var builder in _builders)
        {
            builder.Dispose();
        }
    }
}
