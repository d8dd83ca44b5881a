using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// The shared variant of a V1/V2 Dynamic column: values of types beyond max_types, each a binary type encoding plus
/// the value. Ja4Data does not decode binary type encodings, so only an empty shared variant can be read.
/// </summary>
internal sealed class SharedVariantCodec(string dynamicTypeName) : ColumnCodec(new TypeNode("SharedVariant"))
{
    public override Type ClrType => typeof(object);

    public override ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
        => rows == 0
            ? ValueTask.FromResult<ColumnData>(new NothingColumnData(0))
            : throw new ClickHouseProtocolException(
                $"The {dynamicTypeName} column holds {rows} values in its shared variant (more types than max_types), which Ja4Data cannot decode; set output_format_native_use_flattened_dynamic_and_json_serialization=1.");

    public override ColumnBuilder CreateBuilder() => throw new NotSupportedException("The shared variant of a Dynamic column is never written.");
}
