using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// Tuple(T1, ..., Tn), named or not (also Point): each element's whole column in turn. Values are <c>object?[]</c>;
/// element names, when the tuple has them, are in <see cref="ElementNames"/>.
/// </summary>
internal sealed class TupleCodec(TypeNode type, IReadOnlyList<ColumnCodec> elements, IReadOnlyList<string?> names) : ColumnCodec(type)
{
    public IReadOnlyList<ColumnCodec> Elements => elements;

    /// <summary>One entry per element: its name, or null for positional tuples.</summary>
    public IReadOnlyList<string?> ElementNames => names;

    public override Type ClrType => typeof(object[]);

    public override object? DefaultValue => elements.Select(e => e.DefaultValue).ToArray();

    public override IReadOnlyList<ColumnCodec> SerializationElements => elements;

    public override async ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
    {
        var states = new object?[elements.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = await elements[i].ReadPrefixAsync(reader, async, cancellationToken);
        }

        return states;
    }

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        if (elements.Count == 0)
        {
            await reader.SkipAsync(rows, async, cancellationToken);
            return new TupleColumnData([], rows);
        }

        var states = prefixState as object?[] ?? new object?[elements.Count];
        var columns = new ColumnData[elements.Count];
        try
        {
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = await elements[i].ReadAsync(reader, rows, states[i], async, cancellationToken);
            }
        }
        catch
        {
            foreach (var column in columns)
            {
                column?.Dispose();
            }

            throw;
        }

        return new TupleColumnData(columns, rows);
    }

    public override ColumnBuilder CreateBuilder() => new TupleColumnBuilder([.. elements.Select(e => e.CreateBuilder())], TypeName);
}
