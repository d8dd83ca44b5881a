using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>Nothing (the type of a bare NULL and of empty arrays): one ignored placeholder byte per row; every value is null.</summary>
internal sealed class NothingCodec(TypeNode type) : ColumnCodec(type)
{
    public override Type ClrType => typeof(object);

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        await reader.SkipAsync(rows, async, cancellationToken);
        return new NothingColumnData(rows);
    }

    public override ColumnBuilder CreateBuilder() => new NothingColumnBuilder();
}
