using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>
/// Builds a Variant column. The alternative comes from a <see cref="ClickHouseVariant"/> wrapper, else from the
/// alternative whose CLR type is the value's, else from the first alternative that accepts the value.
/// </summary>
internal sealed class VariantColumnBuilder(IReadOnlyList<ColumnCodec> alternatives, ulong mode, byte nullDiscriminator, string typeName) : ColumnBuilder
{
    private readonly ColumnBuilder[] _builders = [.. alternatives.Select(a => a.CreateBuilder())];
    private PooledList<byte> _discriminators;

    public override int Count => _discriminators.Count;

    public override void Append(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                _discriminators.Add(nullDiscriminator);
                return;
            case ClickHouseVariant wrapped:
                var named = ColumnCodecFactory.Get(wrapped.TypeName).TypeName;
                var index = alternatives.ToList().FindIndex(a => a.TypeName == named);
                if (index < 0)
                {
                    throw new InvalidCastException($"{wrapped.TypeName} is not an alternative of {typeName}.");
                }

                if (wrapped.Value is null or DBNull)
                {
                    _discriminators.Add(nullDiscriminator);
                    return;
                }

                _builders[index].Append(wrapped.Value);
                _discriminators.Add((byte)index);
                return;
        }

        var exact = alternatives.ToList().FindIndex(a => (Nullable.GetUnderlyingType(a.ClrType) ?? a.ClrType) == value.GetType());
        if (exact >= 0)
        {
            _builders[exact].Append(value);
            _discriminators.Add((byte)exact);
            return;
        }

        for (var i = 0; i < _builders.Length; i++)
        {
            var before = _builders[i].Count;
            try
            {
                _builders[i].Append(value);
                _discriminators.Add((byte)i);
                return;
            }
            catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
            {
                _builders[i].Truncate(before);
            }
        }

        throw ValueConvert.Unsupported(value, typeName + " (no alternative accepts it; wrap it in ClickHouseVariant to choose one)");
    }

    public override void WritePrefix(ProtocolWriter writer)
    {
        writer.WriteUInt64(mode);
        foreach (var builder in _builders)
        {
            builder.WritePrefix(writer);
        }
    }

    public override void WriteData(ProtocolWriter writer)
    {
        writer.WriteBytes(_discriminators.Span);
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
            builder.Clear();
        }
    }

    public override void Truncate(int count)
    {
        if (count >= _discriminators.Count)
        {
            return;
        }

        _discriminators.Truncate(count);
        var counts = new int[_builders.Length];
        foreach (var d in _discriminators.Span)
        {
            if (d != nullDiscriminator)
            {
                counts[d]++;
            }
        }

        for (var i = 0; i < _builders.Length; i++)
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
