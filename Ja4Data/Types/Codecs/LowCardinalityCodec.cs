using System.Buffers;
using Ja4Data.Protocol;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>
/// LowCardinality(T) (docs/protocol.md, "Type names and encodings"): prefix UInt64 key version 1; data = UInt64 index type (width code and flags),
/// the dictionary keys as plain T without Nullable, UInt64 row count and the indexes. With Nullable inside, index 0 is NULL.
/// </summary>
internal sealed class LowCardinalityCodec(TypeNode type, ColumnCodec inner, ColumnCodec keys) : ColumnCodec(type)
{
    public const ulong SharedDictionariesWithAdditionalKeys = 1;
    public const ulong NeedGlobalDictionary = 0x100;
    public const ulong HasAdditionalKeys = 0x200;
    public const ulong NeedUpdateDictionary = 0x400;

    private readonly bool _nullable = inner is NullableCodec;

    public ColumnCodec Inner => inner;

    public override Type ClrType => inner.ClrType;

    public override object? DefaultValue => inner.DefaultValue;

    public override async ValueTask<object?> ReadPrefixAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
    {
        var version = await reader.ReadUInt64Async(async, cancellationToken);
        return version == SharedDictionariesWithAdditionalKeys
            ? null
            : throw new ClickHouseProtocolException($"Unknown {TypeName} key serialization version {version}.");
    }

    public override async ValueTask<ColumnData> ReadAsync(ProtocolReader reader, int rows, object? prefixState, bool async, CancellationToken cancellationToken)
    {
        if (rows == 0)
        {
            return new LowCardinalityColumnData(new NothingColumnData(0), [], 0, _nullable);
        }

        var indexType = await reader.ReadUInt64Async(async, cancellationToken);
        var widthCode = (int)(indexType & 0xFF);
        if ((indexType & NeedGlobalDictionary) != 0 || (indexType & ~0x7FFUL) != 0 || widthCode > 3)
        {
            throw new ClickHouseProtocolException($"Unsupported {TypeName} index type 0x{indexType:X} (global dictionaries do not occur in Native data).");
        }

        ColumnData dictionary = new NothingColumnData(0);
        var indexes = Array.Empty<int>();
        try
        {
            if ((indexType & HasAdditionalKeys) != 0)
            {
                var keyCount = await ReadCountAsync(reader, "dictionary size", async, cancellationToken);
                dictionary = await keys.ReadAsync(reader, keyCount, null, async, cancellationToken);
            }

            var indexCount = await ReadCountAsync(reader, "index count", async, cancellationToken);
            if (indexCount != rows)
            {
                throw new ClickHouseProtocolException($"The {TypeName} column has {indexCount} indexes for {rows} rows.");
            }

            indexes = ArrayPool<int>.Shared.Rent(rows);
            await ReadIndexesAsync(reader, widthCode, indexes, rows, dictionary.Count, async, cancellationToken);
            return new LowCardinalityColumnData(dictionary, indexes, rows, _nullable);
        }
        catch
        {
            dictionary.Dispose();
            if (indexes.Length > 0)
            {
                ArrayPool<int>.Shared.Return(indexes);
            }

            throw;
        }
    }

    private async ValueTask<int> ReadCountAsync(ProtocolReader reader, string what, bool async, CancellationToken cancellationToken)
    {
        var count = await reader.ReadUInt64Async(async, cancellationToken);
        return count <= BlockReader.MaxRows
            ? (int)count
            : throw new ClickHouseProtocolException($"Corrupt {TypeName} column: {what} {count}.");
    }

    private async ValueTask ReadIndexesAsync(ProtocolReader reader, int widthCode, int[] indexes, int rows, int keyCount, bool async, CancellationToken cancellationToken)
    {
        var width = 1 << widthCode;
        var raw = ArrayPool<byte>.Shared.Rent(rows * width);
        try
        {
            await reader.ReadExactAsync(raw.AsMemory(0, rows * width), async, cancellationToken);
            for (var i = 0; i < rows; i++)
            {
                var slot = raw.AsSpan(i * width, width);
                var index = widthCode switch
                {
                    0 => slot[0],
                    1 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(slot),
                    2 => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(slot),
                    _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(slot),
                };
                if (index >= (ulong)keyCount)
                {
                    throw new ClickHouseProtocolException($"Corrupt {TypeName} column: index {index} at row {i} beyond the {keyCount} dictionary keys.");
                }

                indexes[i] = (int)index;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    public override ColumnBuilder CreateBuilder() => new LowCardinalityColumnBuilder(keys.CreateBuilder(), _nullable ? keys.DefaultValue : null, _nullable);
}
