using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// JSON (the object type), read and written as JSON text. Reads the STRING serialization (prefix version 1, sent when
/// the query sets <c>output_format_native_write_json_as_string=1</c>: an ordinary String column) and the object
/// serializations V1 (0), V2 (2) and FLATTENED (3): typed paths, then dynamic paths as Dynamic columns, then (except
/// FLATTENED) the shared data as Map(String, String); rows are rendered back to JSON text with paths in name order.
/// Shared-data values are binary-encoded and not supported. Writes use the STRING serialization.
/// </summary>
internal sealed class JsonCodec : ColumnCodec
{
    public const ulong StringVersion = 1;
    private const ulong ObjectV1 = 0;
    private const ulong ObjectV2 = 2;
    private const ulong Flattened = 3;

    private readonly StringCodec _text = new(new TypeNode("String"));
    private readonly (string Path, ColumnCodec Codec)[] _typedPaths;
    private readonly DynamicCodec _dynamic = new(new TypeNode("Dynamic"));
    private readonly MapCodec _sharedData;

    public JsonCodec(TypeNode type)
        : base(type)
    {
        _typedPaths = [.. type.Arguments.OfType<TypeArg>().Where(a => a.ElementName is not null)
            .Select(a => (a.ElementName!, ColumnCodecFactory.Create(a.Type))).OrderBy(p => p.Item1, StringComparer.Ordinal)];
        var text = new TypeNode("String");
        _sharedData = new MapCodec(new TypeNode("Map", [new TypeArg(text, null), new TypeArg(text, null)]), _text, _text);
    }

    public override Type ClrType => typeof(string);

    public override object? DefaultValue => "{}";

    public override async ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
    {
        var version = await reader.ReadUInt64Async(async, cancellationToken);
        if (version == StringVersion)
        {
            return null;
        }

        if (version is not (ObjectV1 or ObjectV2 or Flattened))
        {
            throw new ClickHouseProtocolException(
                $"{TypeName} serialization version {version} is not supported; the setting output_format_native_write_json_as_string=1 asks for one that is.");
        }

        if (version == ObjectV1)
        {
            await reader.ReadVarUIntAsync(async, cancellationToken); // max_dynamic_paths: nothing to check on read
        }

        // Each path costs bytes on the wire, so the list grows with the paths that really arrive.
        var count = await reader.ReadCountAsync("JSON dynamic path count", BlockReader.MaxColumns, async, cancellationToken);
        var pathList = new List<string>(Math.Min(count, 64));
        for (var i = 0; i < count; i++)
        {
            pathList.Add(await reader.ReadStringAsync(async, cancellationToken));
        }

        var dynamicPaths = pathList.ToArray();

        var typedPrefixes = new object?[_typedPaths.Length];
        for (var i = 0; i < typedPrefixes.Length; i++)
        {
            typedPrefixes[i] = await _typedPaths[i].Codec.ReadPrefixAsync(reader, async, cancellationToken);
        }

        var dynamicPrefixes = new object?[count];
        for (var i = 0; i < count; i++)
        {
            dynamicPrefixes[i] = await _dynamic.ReadPrefixAsync(reader, async, cancellationToken);
        }

        return new ObjectState(dynamicPaths, typedPrefixes, dynamicPrefixes, version != Flattened);
    }

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        if (prefixState is not ObjectState state)
        {
            return await _text.ReadAsync(reader, rows, null, async, cancellationToken);
        }

        var paths = new List<(string, ColumnData)>(_typedPaths.Length + state.DynamicPaths.Length);
        try
        {
            for (var i = 0; i < _typedPaths.Length; i++)
            {
                paths.Add((_typedPaths[i].Path, await _typedPaths[i].Codec.ReadAsync(reader, rows, state.TypedPrefixes[i], async, cancellationToken)));
            }

            for (var i = 0; i < state.DynamicPaths.Length; i++)
            {
                paths.Add((state.DynamicPaths[i], await _dynamic.ReadAsync(reader, rows, state.DynamicPrefixes[i], async, cancellationToken)));
            }

            if (state.HasSharedData)
            {
                using var shared = (ArrayColumnData)((MapColumnData)await _sharedData.ReadAsync(reader, rows, null, async, cancellationToken)).Entries;
                if (rows > 0 && shared.Range(rows - 1) is var (start, length) && start + length > 0)
                {
                    throw new ClickHouseProtocolException(
                        $"The {TypeName} column has paths in its shared data (more paths than max_dynamic_paths), which Ja4Data cannot decode; set output_format_native_write_json_as_string=1.");
                }
            }
        }
        catch
        {
            foreach (var (_, column) in paths)
            {
                column.Dispose();
            }

            throw;
        }

        return new JsonObjectColumnData(paths, rows);
    }

    public override ColumnBuilder CreateBuilder() => new JsonColumnBuilder(_text.CreateBuilder());

    private sealed record ObjectState(string[] DynamicPaths, object?[] TypedPrefixes, object?[] DynamicPrefixes, bool HasSharedData);
}
