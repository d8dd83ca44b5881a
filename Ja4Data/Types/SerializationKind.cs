using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Types;

/// <summary>
/// The custom-serialization kind tree a server sends for a column when <c>has_custom</c> is set (revision 54454+,
/// docs/protocol.md, "Blocks"): one code per node, with a subtree per element for tuples.
/// </summary>
internal readonly record struct SerializationKind(byte Code, SerializationKind[]? Elements)
{
    public const byte Default = 0;
    public const byte Sparse = 1;

    public bool IsSparse => Code == Sparse;

    public static async ValueTask<SerializationKind> ReadAsync(ProtocolReader reader, ColumnCodec codec, bool async, CancellationToken cancellationToken)
    {
        var code = await reader.ReadByteAsync(async, cancellationToken);
        if (code > Sparse)
        {
            throw new ClickHouseProtocolException($"Serialization kind {code} for a {codec.TypeName} column is not supported (only default and sparse are; DETACHED/REPLICATED need newer protocol revisions than Ja4Data announces).");
        }

        var children = codec.SerializationElements;
        if (children.Count == 0)
        {
            return new SerializationKind(code, null);
        }

        var elements = new SerializationKind[children.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = await ReadAsync(reader, children[i], async, cancellationToken);
        }

        if (Array.Exists(elements, e => e.Code != Default || e.Elements is not null))
        {
            throw new ClickHouseProtocolException($"Sparse elements inside the {codec.TypeName} column are not supported.");
        }

        return new SerializationKind(code, elements);
    }
}
