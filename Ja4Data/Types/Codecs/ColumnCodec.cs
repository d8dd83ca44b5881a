using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// Reads and writes one ClickHouse type in Native encoding. Codecs are immutable and cached per type name; state a
/// type keeps per block (LowCardinality key version, Variant mode, Dynamic type lists) travels in the prefix state
/// returned by <see cref="ReadPrefixAsync"/> and handed back to <see cref="ReadAsync"/>.
/// </summary>
internal abstract class ColumnCodec
{
    protected ColumnCodec(TypeNode type)
    {
        Type = type;
        TypeName = type.ToString();
    }

    public TypeNode Type { get; }

    /// <summary>The canonical type name, as ClickHouse spells it.</summary>
    public string TypeName { get; }

    /// <summary>The .NET type of the values this column yields (before NULLs).</summary>
    public abstract Type ClrType { get; }

    /// <summary>The value a sparse column holds in rows the server left out.</summary>
    public virtual object? DefaultValue => null;

    /// <summary>Element codecs that carry their own serialization kind subtree (tuple elements).</summary>
    public virtual IReadOnlyList<ColumnCodec> SerializationElements => [];

    /// <summary>Reads the state prefixes of this column and of nested types, in substream order.</summary>
    public virtual ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
        => default;

    /// <summary>Reads <paramref name="rows"/> values.</summary>
    public abstract ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken);

    /// <summary>A builder for outgoing blocks of this type.</summary>
    public abstract ColumnBuilder CreateBuilder();

    public override string ToString() => TypeName;
}
