using Ja4Data.Protocol;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;

namespace Ja4Data;

/// <summary>
/// ClickHouse's <c>Native</c> data format outside the TCP protocol: what <c>FORMAT Native</c>, <c>clickhouse-client</c>,
/// <c>clickhouse-local</c> and chDB produce and read. A Native stream is a sequence of blocks, each with column names,
/// type names and columnar data; there is no block info and no serialization-kind flag. Values map to .NET as for
/// query results (docs/types.md).
/// </summary>
public static class NativeFormat
{
    /// <summary>
    /// Reads blocks until the end of <paramref name="stream"/>, lazily: one <see cref="QueryResult"/> per block (blocks
    /// with zero rows included, so column names and types of an empty result are visible). A block may take up to
    /// 1 GiB; see <see cref="ReadBlocks(Stream, long)"/>.
    /// </summary>
    /// <exception cref="ClickHouseProtocolException">The data is truncated, corrupt, larger than the block limit or uses an
    /// unsupported type or serialization. Decoding stays within memory proportional to the bytes read and never recurses
    /// without bound, whatever the bytes say (docs/reliability.md, "Hostile input").</exception>
    /// <exception cref="ClickHouseDataException">A value is valid ClickHouse data that its .NET type cannot hold (a Date32
    /// or DateTime64 beyond .NET's years 1 to 9999); the message names column and row.</exception>
    public static IEnumerable<QueryResult> ReadBlocks(Stream stream) => ReadBlocks(stream, ProtocolReader.DefaultMaxBlockBytes);

    /// <summary>
    /// Reads blocks as <see cref="ReadBlocks(Stream)"/> does, with a different limit on the bytes of one block (as
    /// <see cref="ClickHouseSettings.MaxBlockBytes"/> sets it for connections).
    /// </summary>
    /// <param name="stream">The source; not closed.</param>
    /// <param name="maxBlockBytes">Most bytes one block may take; a larger block fails with a <see cref="ClickHouseProtocolException"/>.</param>
    /// <exception cref="ClickHouseProtocolException">As for <see cref="ReadBlocks(Stream)"/>.</exception>
    /// <exception cref="ClickHouseDataException">As for <see cref="ReadBlocks(Stream)"/>.</exception>
    public static IEnumerable<QueryResult> ReadBlocks(Stream stream, long maxBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBlockBytes);
        return ReadAll(stream, maxBlockBytes);
    }

    /// <summary>
    /// Writes one block of <paramref name="rows"/> to <paramref name="stream"/>. Every value is converted as an INSERT
    /// converts it; a value that does not fit its column fails with a <see cref="ClickHouseDataException"/> naming the
    /// column, row and value, before any byte is written.
    /// </summary>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="columnNames">One name per column.</param>
    /// <param name="columnTypes">One ClickHouse type name per column, such as <c>Nullable(String)</c>.</param>
    /// <param name="rows">The rows; each has one value per column.</param>
    /// <exception cref="ArgumentException">Names and types differ in count, or a type name is malformed or unsupported.</exception>
    public static void WriteBlock(Stream stream, IReadOnlyList<string> columnNames, IReadOnlyList<string> columnTypes, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(columnTypes);
        ArgumentNullException.ThrowIfNull(rows);
        if (columnNames.Count != columnTypes.Count)
        {
            throw new ArgumentException($"{columnNames.Count} column names but {columnTypes.Count} column types.", nameof(columnTypes));
        }

        var columns = new BlockColumn[columnNames.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            try
            {
                columns[i] = new BlockColumn(columnNames[i], ColumnCodecFactory.Get(columnTypes[i]), null);
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException)
            {
                throw new ArgumentException($"Column '{columnNames[i]}': {ex.Message}", nameof(columnTypes), ex);
            }
        }

        using var buffer = new BlockBuffer(new Block(columns, 0));
        long index = 0;
        foreach (var row in rows)
        {
            buffer.AppendRow(row, index++);
        }

        WriteBlock(stream, buffer);
    }

    /// <summary>Writes the rows of <paramref name="block"/> (already converted) as one Native block.</summary>
    internal static void WriteBlock(Stream stream, BlockBuffer block)
    {
        using var writer = new ProtocolWriter();
        BlockWriter.Write(writer, BlockFormat.File, block.Names, block.Types, block.Builders, block.RowCount);
        SyncCompletion.Wait(writer.FlushAsync(stream, async: false, CancellationToken.None));
    }

    private static IEnumerable<QueryResult> ReadAll(Stream stream, long maxBlockBytes)
    {
        using var reader = new StreamProtocolReader(stream) { MaxBlockBytes = maxBlockBytes };
        long rowsBefore = 0;
        while (ReadNext(reader, rowsBefore) is { } result)
        {
            rowsBefore += result.ResultRows.Count;
            yield return result;
        }
    }

    // The boundary where file bytes become values: whatever fails in between is the data's fault (I/O errors of the
    // stream itself pass through).
    private static QueryResult? ReadNext(StreamProtocolReader reader, long rowsBefore)
    {
        try
        {
            if (SyncCompletion.Result(reader.IsAtEndAsync(async: false, CancellationToken.None)))
            {
                return null;
            }

            // The result keeps the decoded block as its rows (BlockRows): it is not disposed here.
            var block = SyncCompletion.Result(BlockReader.ReadAsync(reader, BlockFormat.File, async: false, CancellationToken.None));
            return new QueryResult([.. block.Columns.Select(c => c.Name)], [.. block.Columns.Select(c => c.TypeName)], new BlockRows([block], rowsBefore));
        }
        catch (Exception ex) when (DecodeFailure.IsUnmapped(ex))
        {
            throw DecodeFailure.ToProtocolError(ex, "a Native block");
        }
    }
}
