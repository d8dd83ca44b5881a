using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// Variant(T1, ..., Tn), alternatives in ClickHouse's name-sorted order (docs/protocol.md, "Type names and encodings"): prefix UInt64 mode 0
/// (basic) and the alternatives' prefixes; data = one discriminator byte per row (255 = NULL), then per alternative
/// the dense values of the rows that chose it. Read as the active alternative's value.
/// </summary>
internal sealed class VariantCodec(TypeNode type, IReadOnlyList<ColumnCodec> alternatives) : ColumnCodec(type)
{
    public const byte NullDiscriminator = 255;
    private const ulong BasicMode = 0;

    public IReadOnlyList<ColumnCodec> Alternatives => alternatives;

    public override Type ClrType => typeof(object);

    public override async ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
    {
        var mode = await reader.ReadUInt64Async(async, cancellationToken);
        if (mode != BasicMode)
        {
            throw new ClickHouseProtocolException($"{TypeName} discriminator mode {mode} is not supported (only basic).");
        }

        return await VariantData.ReadPrefixesAsync(reader, alternatives, namedByData: false, async, cancellationToken);
    }

    public override ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
        => VariantData.ReadAsync(reader, rows, alternatives, (object?[])prefixState!, NullDiscriminator, TypeName, async, cancellationToken);

    public override ColumnBuilder CreateBuilder() => new VariantColumnBuilder(alternatives, BasicMode, NullDiscriminator, TypeName);
}

/// <summary>The discriminator-plus-dense-columns layout shared by Variant and flattened Dynamic.</summary>
internal static class VariantData
{
    /// <summary>
    /// Reads the prefixes of <paramref name="codecs"/>. When the data named those types (<paramref name="namedByData"/>,
    /// Dynamic), each opens its levels of nesting on the reader, so a chain of types that name further types stops at
    /// the parser's depth instead of recursing as deep as the bytes go.
    /// </summary>
    public static async ValueTask<object?[]> ReadPrefixesAsync(ProtocolReader reader, IReadOnlyList<ColumnCodec> codecs, bool namedByData, bool async, CancellationToken cancellationToken)
    {
        var states = new object?[codecs.Count];
        for (var i = 0; i < states.Length; i++)
        {
            var levels = namedByData ? codecs[i].Type.Depth + 1 : 0;
            reader.EnterNesting(levels, TypeParser.MaxDepth, "Types named by Dynamic and JSON data");
            try
            {
                states[i] = await codecs[i].ReadPrefixAsync(reader, async, cancellationToken);
            }
            finally
            {
                reader.ExitNesting(levels);
            }
        }

        return states;
    }

    public static async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, IReadOnlyList<ColumnCodec> codecs, object?[] states, int nullDiscriminator, string typeName, bool async, CancellationToken cancellationToken)
    {
        var discriminators = await reader.ReadArrayAsync<byte>(rows, async, cancellationToken);

        // One offset per discriminator, which has arrived: this allocation follows the bytes read.
        reader.Reserve(rows * (long)sizeof(int));
        var offsets = ArrayPool<int>.Shared.Rent(Math.Max(rows, 1));
        var columns = new ColumnData[codecs.Count];
        try
        {
            var counts = new int[codecs.Count];
            for (var i = 0; i < rows; i++)
            {
                var d = discriminators[i];
                if (d == nullDiscriminator)
                {
                    offsets[i] = -1;
                }
                else if (d < counts.Length)
                {
                    offsets[i] = counts[d]++;
                }
                else
                {
                    throw new ClickHouseProtocolException($"Corrupt {typeName} column: discriminator {d} at row {i}.");
                }
            }

            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = await codecs[i].ReadAsync(reader, counts[i], states[i], async, cancellationToken);
            }

            return new VariantColumnData(discriminators, offsets, rows, columns);
        }
        catch
        {
            foreach (var column in columns)
            {
                column?.Dispose();
            }

            ArrayPool<byte>.Shared.Return(discriminators);
            ArrayPool<int>.Shared.Return(offsets);
            throw;
        }
    }
}
