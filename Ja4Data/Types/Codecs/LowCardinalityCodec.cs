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

            var indexes = await ReadIndexesAsync(reader, 1 << widthCode, rows, dictionary.Count, async, cancellationToken);
            return new LowCardinalityColumnData(dictionary, indexes, rows, _nullable);
        }
        catch
        {
            dictionary.Dispose();
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

    // Decodes the indexes straight from the reader's buffer, growing the array only with indexes that arrived.
    private async ValueTask<int[]> ReadIndexesAsync(ProtocolReader reader, int width, int rows, int keyCount, bool async, CancellationToken cancellationToken)
    {
        var indexes = ArrayPool<int>.Shared.Rent(Math.Max(reader.InitialCapacity<int>(rows), 1));
        try
        {
            var row = 0;
            while (row < rows)
            {
                await reader.EnsureAsync(width, async, cancellationToken);
                var count = Math.Min(rows - row, reader.BufferedCount / width);
                reader.Grow(ref indexes, row, row + count);
                DecodeIndexes(reader.Buffered[..(count * width)], width, indexes.AsSpan(row, count), row, keyCount);
                reader.Advance(count * width);
                row += count;
            }

            return indexes;
        }
        catch
        {
            ArrayPool<int>.Shared.Return(indexes);
            throw;
        }
    }

    private void DecodeIndexes(ReadOnlySpan<byte> raw, int width, Span<int> indexes, int firstRow, int keyCount)
    {
        for (var i = 0; i < indexes.Length; i++)
        {
            var slot = raw.Slice(i * width, width);
            var index = width switch
            {
                1 => slot[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(slot),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(slot),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(slot),
            };
            if (index >= (ulong)keyCount)
            {
                throw new ClickHouseProtocolException($"Corrupt {TypeName} column: index {index} at row {firstRow + i} beyond the {keyCount} dictionary keys.");
            }

            indexes[i] = (int)index;
        }
    }

    public override ColumnBuilder CreateBuilder() => new LowCardinalityColumnBuilder(keys.CreateBuilder(), _nullable ? keys.DefaultValue : null, _nullable);
}
