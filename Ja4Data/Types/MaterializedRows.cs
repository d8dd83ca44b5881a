using System.Globalization;

namespace Ja4Data.Types;

/// <summary>
/// Rows turned into objects - the facade's <c>Query</c>, <see cref="NativeFormat"/>'s results - cost memory per row and
/// column whatever their bytes on the wire: a sparse column of 10^8 default rows arrives in 9 bytes and would take
/// gigabytes as object arrays. So one block's rows are materialized only while their estimated size fits the block
/// limit (MaxBlockBytes) that bounds the block's bytes; the check runs before any row of the block is built.
/// </summary>
internal static class MaterializedRows
{
    // Per row an object?[] (its header and a reference per column) and a boxed value per column: about 32 bytes each.
    private const long BytesPerRow = 32;
    private const long BytesPerCell = 32;

    /// <summary>Throws when <paramref name="rows"/> × <paramref name="columns"/> as objects would exceed <paramref name="maxBlockBytes"/>.</summary>
    /// <exception cref="ClickHouseProtocolException">The block is too large to materialize.</exception>
    public static void Check(long rows, int columns, long maxBlockBytes)
    {
        var bytes = rows * (BytesPerRow + (BytesPerCell * columns));
        if (bytes > maxBlockBytes)
        {
            throw new ClickHouseProtocolException(string.Create(
                CultureInfo.InvariantCulture,
                $"A result block of {rows:N0} rows and {columns} columns would take about {bytes:N0} bytes as objects, above the block limit of {maxBlockBytes:N0} bytes (MaxBlockBytes / CLICKHOUSE_MAX_BLOCK_BYTES). Read a result this large with ExecuteReader, which streams its values, or raise MaxBlockBytes; a server that sends such a block in a few bytes (a sparse column) is broken or hostile."));
        }
    }
}
