using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>Map(K, V): encoded exactly as Array(Tuple(K, V)); read as <c>Dictionary&lt;K, V&gt;</c> typed by the codecs' CLR types.</summary>
internal sealed class MapCodec : ColumnCodec
{
    private readonly ArrayCodec _entries;
    private readonly Type _dictionaryType;

    public MapCodec(TypeNode type, ColumnCodec keys, ColumnCodec values)
        : base(type)
    {
        var tupleType = new TypeNode("Tuple", [new TypeArg(keys.Type, null), new TypeArg(values.Type, null)]);
        var tuple = new TupleCodec(tupleType, [keys, values], [null, null]);
        _entries = new ArrayCodec(new TypeNode("Array", [new TypeArg(tupleType, null)]), tuple);
        _dictionaryType = typeof(Dictionary<,>).MakeGenericType(keys.ClrType, values.ClrType);
        Keys = keys;
        Values = values;
    }

    public ColumnCodec Keys { get; }

    public ColumnCodec Values { get; }

    public override Type ClrType => _dictionaryType;

    public override object? DefaultValue => Activator.CreateInstance(_dictionaryType);

    public override ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
        => _entries.ReadPrefixAsync(reader, async, cancellationToken);

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
        => new MapColumnData((ArrayColumnData)await _entries.ReadAsync(reader, rows, prefixState, async, cancellationToken), _dictionaryType);

    public override ColumnBuilder CreateBuilder() => new MapColumnBuilder(_entries.CreateBuilder(), TypeName);
}
