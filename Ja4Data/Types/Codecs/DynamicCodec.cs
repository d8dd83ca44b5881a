using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// Dynamic. Reads the FLATTENED serialization (prefix version 3, sent when the query sets
/// <c>output_format_native_use_flattened_dynamic_and_json_serialization=1</c>: VarUInt type count, type names, their
/// prefixes; one discriminator per row with the type count standing for NULL; dense values per type) and the V1/V2
/// serializations servers send by default (version 1 adds a VarUInt max_types first; then the type count and names,
/// and the data is a Variant over those types plus <c>SharedVariant</c>, in name order). Values in the shared variant
/// (types beyond max_types, binary-encoded) are not supported. Writes always use FLATTENED.
/// </summary>
internal sealed class DynamicCodec(TypeNode type) : ColumnCodec(type)
{
    public const ulong FlattenedVersion = 3;
    private const ulong V1 = 1;
    private const ulong V2 = 2;
    private const string SharedVariant = "SharedVariant";

    public override Type ClrType => typeof(object);

    public override async ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
    {
        var version = await reader.ReadUInt64Async(async, cancellationToken);
        if (version is not (V1 or V2 or FlattenedVersion))
        {
            throw new ClickHouseProtocolException(
                $"{TypeName} serialization version {version} is not supported; the setting output_format_native_use_flattened_dynamic_and_json_serialization=1 asks for one that is.");
        }

        if (version == V1)
        {
            await reader.ReadVarUIntAsync(async, cancellationToken); // max_dynamic_types: nothing to check on read
        }

        var count = await reader.ReadCountAsync("Dynamic type count", byte.MaxValue - 1, async, cancellationToken);
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = await reader.ReadStringAsync(async, cancellationToken);
        }

        if (version == FlattenedVersion)
        {
            var codecs = Array.ConvertAll(names, ColumnCodecFactory.ForServerType);
            return new State(codecs, await VariantData.ReadPrefixesAsync(reader, codecs, namedByData: true, async, cancellationToken), codecs.Length);
        }

        // The variant's alternatives are the dynamic types plus the shared variant, sorted by name as Variant sorts them.
        var alternatives = names.Append(SharedVariant).Order(StringComparer.Ordinal)
            .Select(name => name == SharedVariant ? new SharedVariantCodec(TypeName) : ColumnCodecFactory.ForServerType(name)).ToArray();
        var mode = await reader.ReadUInt64Async(async, cancellationToken);
        if (mode != 0)
        {
            throw new ClickHouseProtocolException($"{TypeName} discriminator mode {mode} is not supported (only basic).");
        }

        return new State(alternatives, await VariantData.ReadPrefixesAsync(reader, alternatives, namedByData: true, async, cancellationToken), VariantCodec.NullDiscriminator);
    }

    public override ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        var state = (State)prefixState!;
        return VariantData.ReadAsync(reader, rows, state.Codecs, state.Prefixes, state.NullDiscriminator, TypeName, async, cancellationToken);
    }

    public override ColumnBuilder CreateBuilder() => new DynamicColumnBuilder();

    private sealed record State(ColumnCodec[] Codecs, object?[] Prefixes, int NullDiscriminator);
}
