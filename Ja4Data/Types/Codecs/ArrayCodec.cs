using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>Array(T): row_count UInt64 cumulative end offsets, then T's data for offsets[last] elements.</summary>
internal sealed class ArrayCodec(TypeNode type, ColumnCodec elements) : ColumnCodec(type)
{
    /// <summary>
    /// The flattened element count of one block must fit one .NET array. Hostile offsets cannot allocate through it:
    /// the element column grows only as the elements arrive.
    /// </summary>
    private static readonly ulong MaxElements = (ulong)Array.MaxLength;

    public ColumnCodec Elements => elements;

    public override Type ClrType { get; } = elements.ClrType.MakeArrayType();

    public override object? DefaultValue => Array.CreateInstance(elements.ClrType, 0);

    public override ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
        => elements.ReadPrefixAsync(reader, async, cancellationToken);

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        var ends = await reader.ReadArrayAsync<ulong>(rows, async, cancellationToken);
        try
        {
            var previous = 0UL;
            for (var i = 0; i < rows; i++)
            {
                if (ends[i] < previous || ends[i] > MaxElements)
                {
                    throw new ClickHouseProtocolException($"Corrupt {TypeName} column: array offset {ends[i]} at row {i} after {previous}.");
                }

                previous = ends[i];
            }

            var values = await elements.ReadAsync(reader, (int)previous, prefixState, async, cancellationToken);
            return new ArrayColumnData(ends, rows, values, elements.ClrType);
        }
        catch
        {
            ArrayPool<ulong>.Shared.Return(ends);
            throw;
        }
    }

    public override ColumnBuilder CreateBuilder() => new ArrayColumnBuilder(elements.CreateBuilder());
}
