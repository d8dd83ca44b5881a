using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>Nullable(T): row_count null-map bytes (1 = NULL), then T's data for all rows.</summary>
internal sealed class NullableCodec(TypeNode type, ColumnCodec nested) : ColumnCodec(type)
{
    public ColumnCodec Nested => nested;

    public override Type ClrType { get; } = nested.ClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(nested.ClrType) : nested.ClrType;

    public override ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
        => nested.ReadPrefixAsync(reader, async, cancellationToken);

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        var nullMap = await reader.ReadArrayAsync<byte>(rows, async, cancellationToken);
        try
        {
            var values = await nested.ReadAsync(reader, rows, prefixState, async, cancellationToken);
            return new NullableColumnData(nullMap, values);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(nullMap);
            throw;
        }
    }

    // Nothing has no default; its builder takes the null placeholder itself.
    public override ColumnBuilder CreateBuilder() => new NullableColumnBuilder(nested.CreateBuilder(), nested.DefaultValue);
}
