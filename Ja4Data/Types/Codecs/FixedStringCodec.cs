using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>FixedString(N): rows × N raw bytes, NUL-padded; read as <c>byte[N]</c>.</summary>
internal sealed class FixedStringCodec(TypeNode type, int width) : ColumnCodec(type)
{
    public override Type ClrType => typeof(byte[]);

    public override object? DefaultValue => new byte[width];

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        var total = (long)rows * width;
        if (total > Array.MaxLength)
        {
            throw new ClickHouseProtocolException($"A {TypeName} column of {rows} rows is too large to read.");
        }

        var bytes = await reader.ReadArrayAsync<byte>((int)total, async, cancellationToken);
        return new FixedStringColumnData(bytes, rows, width);
    }

    public override ColumnBuilder CreateBuilder() => new FixedStringColumnBuilder(width);
}
