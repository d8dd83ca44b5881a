using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types;

/// <summary>
/// Decodes Native blocks (docs/protocol.md, "Blocks"). This is the boundary where block bytes become values, so any
/// failure inside is reported as a <see cref="ClickHouseProtocolException"/>, and the reader's books bound the bytes
/// and memory one block may take (docs/reliability.md, "Hostile input").
/// </summary>
internal static class BlockReader
{
    /// <summary>Hostile-input caps, as ch-go uses: far above anything a real server sends in one block.</summary>
    public const int MaxColumns = 1_000_000;

    /// <summary>Rows of one block: 1,500 times the servers' default max_block_size (65,409).</summary>
    public const int MaxRows = 100_000_000;

    public static async ValueTask<Block> ReadAsync(ProtocolReader reader, BlockFormat format, bool async, CancellationToken cancellationToken)
    {
        reader.BeginBlock();
        try
        {
            var block = await ReadBlockAsync(reader, format, async, cancellationToken);
            reader.EndBlock();
            return block;
        }
        catch (Exception ex) when (DecodeFailure.IsUnmapped(ex))
        {
            throw DecodeFailure.ToProtocolError(ex, "a block");
        }
    }

    private static async ValueTask<Block> ReadBlockAsync(ProtocolReader reader, BlockFormat format, bool async, CancellationToken cancellationToken)
    {
        if (format.WithBlockInfo)
        {
            await SkipBlockInfoAsync(reader, async, cancellationToken);
        }

        var columnCount = await reader.ReadCountAsync("block column count", MaxColumns, async, cancellationToken);
        var rowCount = await reader.ReadCountAsync("block row count", MaxRows, async, cancellationToken);
        if (columnCount == 0)
        {
            return rowCount == 0 ? Block.Empty : throw new ClickHouseProtocolException($"A block with no columns claims {rowCount} rows.");
        }

        // Every column costs bytes on the wire, so the list grows with the columns that really arrive.
        var columns = new List<BlockColumn>(Math.Min(columnCount, 64));
        try
        {
            for (var i = 0; i < columnCount; i++)
            {
                columns.Add(await ReadColumnAsync(reader, format, rowCount, async, cancellationToken));
            }
        }
        catch
        {
            foreach (var column in columns)
            {
                column.Data?.Dispose();
            }

            throw;
        }

        return new Block([.. columns], rowCount);
    }

    private static async ValueTask<BlockColumn> ReadColumnAsync(ProtocolReader reader, BlockFormat format, int rows, bool async, CancellationToken cancellationToken)
    {
        var name = await reader.ReadStringAsync(async, cancellationToken);
        var typeName = await reader.ReadStringAsync(async, cancellationToken);
        var codec = ColumnCodecFactory.ForServerType(typeName);
        SerializationKind kinds = default;
        if (format.WithCustomSerialization && await reader.ReadBoolAsync(async, cancellationToken))
        {
            kinds = await SerializationKind.ReadAsync(reader, codec, async, cancellationToken);
        }

        if (rows == 0)
        {
            return new BlockColumn(name, codec, null);
        }

        ColumnData data;
        var depth = codec.Type.Depth;
        reader.EnterNesting(depth, TypeParser.MaxDepth, "Types");
        try
        {
            var prefix = await codec.ReadPrefixAsync(reader, async, cancellationToken);
            data = kinds.IsSparse
                ? await SparseColumnReader.ReadAsync(reader, codec, rows, prefix, async, cancellationToken)
                : await codec.ReadAsync(reader, rows, prefix, async, cancellationToken);
        }
        catch (ClickHouseProtocolException ex) when (!ex.Message.Contains(name, StringComparison.Ordinal))
        {
            throw new ClickHouseProtocolException($"Cannot read column '{DecodeFailure.Excerpt(name)}' ({DecodeFailure.Excerpt(typeName)}): {ex.Message}", ex);
        }
        catch (Exception ex) when (DecodeFailure.IsUnmapped(ex))
        {
            throw DecodeFailure.ToProtocolError(ex, $"column '{DecodeFailure.Excerpt(name)}' ({DecodeFailure.Excerpt(typeName)})");
        }
        finally
        {
            reader.ExitNesting(depth);
        }

        return new BlockColumn(name, codec, data);
    }

    private static async ValueTask SkipBlockInfoAsync(ProtocolReader reader, bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            var field = await reader.ReadVarUIntAsync(async, cancellationToken);
            switch (field)
            {
                case 0:
                    return;
                case 1:
                    await reader.ReadBoolAsync(async, cancellationToken); // is_overflows
                    break;
                case 2:
                    await reader.ReadInt32Async(async, cancellationToken); // bucket_num
                    break;
                default:
                    throw new ClickHouseProtocolException($"Unknown BlockInfo field {field}; the stream is out of sync.");
            }
        }
    }
}
