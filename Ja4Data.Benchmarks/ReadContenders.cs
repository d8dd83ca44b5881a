using Ja4Data.Cli.Bench;

namespace Ja4Data.Benchmarks;

/// <summary>Read paths of Ja4Data the client-only benchmarks time besides the CLI's async typed-getter loop.</summary>
internal static class ReadContenders
{
    /// <summary>The typed-getter loop of <c>Ja4DataContenders.ReadAllAsync</c> through the sync API; returns the row count.</summary>
    public static long ReadTypedSync(ClickHouseClient client, string sql)
    {
        using var connection = client.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        long rows = 0;
        long checksum = 0;
        while (reader.Read())
        {
            checksum += Ja4DataContenders.ReadRow(reader);
            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>Reads every row with GetValues (every value boxed); returns the row count.</summary>
    public static async Task<long> ReadBoxedAsync(ClickHouseClient client, string sql)
    {
        await using var connection = await client.ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        long rows = 0;
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }

        return rows;
    }
}
