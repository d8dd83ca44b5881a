using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// Every fixed-width type: the wire holds <c>rows × sizeof(TRaw)</c> little-endian bytes, copied into a pooled array in
/// one pass; <typeparamref name="TMapper"/> turns raw values into .NET values (dates, decimals, UUIDs...).
/// </summary>
internal sealed class FixedWidthCodec<TRaw, T, TMapper>(TypeNode type, TMapper mapper, object? defaultValue = null) : ColumnCodec(type)
    where TRaw : unmanaged
    where TMapper : struct, IValueMapper<TRaw, T>
{
    public override Type ClrType => typeof(T);

    public override object? DefaultValue => defaultValue ?? mapper.Map(default);

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        var values = await reader.ReadArrayAsync<TRaw>(rows, async, cancellationToken);
        return new FixedColumnData<TRaw, T, TMapper>(values, rows, mapper);
    }

    public override ColumnBuilder CreateBuilder() => new FixedColumnBuilder<TRaw, T, TMapper>(mapper);
}
