using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Bench;

/// <summary>What Ja4Data does in each benchmark scenario, written the way an application would use the library.</summary>
internal static class Ja4DataContenders
{
    public static async Task<long> InsertColumnarAsync(ClickHouseClient client, BenchDataset dataset, string table, CancellationToken cancellationToken)
    {
        await using var connection = await client.ConnectAsync(cancellationToken);
        await using var writer = await connection.CreateBulkWriterAsync(table, HttpLogBatch.ColumnNames, cancellationToken: cancellationToken);
        foreach (var chunk in dataset.Chunks)
        {
            ColumnarBatch.Append(writer, chunk, 0, chunk.Count);
            await writer.FlushAsync(cancellationToken);
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    public static async Task<long> InsertBulkRowsAsync(ClickHouseClient client, BenchDataset dataset, string table, CancellationToken cancellationToken)
    {
        await using var connection = await client.ConnectAsync(cancellationToken);
        await using var writer = await connection.CreateBulkWriterAsync(table, HttpLogBatch.ColumnNames, cancellationToken: cancellationToken);
        foreach (var row in dataset.RowValues())
        {
            await writer.WriteRowAsync(row, cancellationToken);
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>Streams a result through DbDataReader with the typed getters an application would use; returns the row count.</summary>
    public static async Task<long> ReadAllAsync(ClickHouseClient client, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await client.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        long checksum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            checksum += (long)reader.GetFieldValue<ulong>(0) + reader.GetString(1).Length + reader.GetFieldValue<ushort>(2) + reader.GetString(3).Length
                + reader.GetString(4).Length + reader.GetString(5).Length + reader.GetFieldValue<ushort>(6) + reader.GetString(7).Length
                + reader.GetString(8).Length + reader.GetString(9).Length + (long)reader.GetFieldValue<ulong>(10) + (long)reader.GetDouble(11);
            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>Streams a result as typed records with the same checksum as <see cref="ReadAllAsync"/>; returns the row count.</summary>
    public static async Task<long> StreamRecordsAsync(ClickHouseClient client, string sql, CancellationToken cancellationToken)
    {
        long rows = 0;
        long checksum = 0;
        await foreach (var record in client.QueryStreamAsync<HttpLogRecord>(sql, cancellationToken: cancellationToken))
        {
            checksum += record.Checksum();
            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>
    /// Streams a result as the same records through Dapper (unbuffered, constructor mapping with snake_case names) on a
    /// Ja4Data connection, with the same checksum; returns the row count.
    /// </summary>
    public static async Task<long> StreamDapperAsync(ClickHouseClient client, string sql, CancellationToken cancellationToken)
    {
        // Process-wide in Dapper; only the bench's own queries run through Dapper here.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        await using var connection = await client.ConnectAsync(cancellationToken);
        long rows = 0;
        long checksum = 0;
        await foreach (var record in Dapper.SqlMapper.QueryUnbufferedAsync<HttpLogRecord>(connection, sql).WithCancellation(cancellationToken))
        {
            checksum += record.Checksum();
            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>
    /// A whole result as one list of <c>object?[]</c> rows, filled from a DbDataReader: what the facade's Query kept
    /// before it held results by column (the yardstick of its memory).
    /// </summary>
    public static async Task<List<object?[]>> ReadRowArraysAsync(ClickHouseClient client, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await client.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary><paramref name="queries"/> facade calls of SELECT 1 from <paramref name="concurrency"/> concurrent tasks.</summary>
    public static async Task<int> SelectOneAsync(ClickHouseClient client, int queries, int concurrency, CancellationToken cancellationToken)
    {
        var remaining = queries;
        var wrong = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(
            async () =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    var result = await client.QueryAsync("SELECT 1", cancellationToken: cancellationToken);
                    if (!Equals(result.FirstValue, (byte)1))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            },
            cancellationToken)));
        return wrong == 0 ? queries : throw new InvalidOperationException($"{wrong} SELECT 1 queries returned something other than 1.");
    }

    /// <summary>
    /// The same work with the sync API on dedicated threads (what clickhouse-benchmark does): one blocking round trip
    /// per query, no thread-pool hops.
    /// </summary>
    public static Task<int> SelectOneOnThreads(ClickHouseClient client, int queries, int concurrency)
    {
        var remaining = queries;
        var wrong = 0;
        var threads = Enumerable.Range(0, concurrency).Select(_ => new Thread(() =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (!Equals(client.Query("SELECT 1").FirstValue, (byte)1))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return wrong == 0 ? Task.FromResult(queries) : throw new InvalidOperationException($"{wrong} SELECT 1 queries returned something other than 1.");
    }
}
