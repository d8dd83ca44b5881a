using System.Globalization;
using Ja4Data.LocalServer;
using Ja4Data.Sql;

namespace Ja4Data.IntegrationTests;

/// <summary>
/// Reads system.query_log over HTTP (not through the client under test). The test server's profile has
/// <c>log_queries = 0</c>, so statements to be checked are sent with the per-query setting <c>log_queries = 1</c>.
/// 18.16 has no <c>query_kind</c> column: a statement is one <c>QueryStart</c> (type 1) and one <c>QueryFinish</c> (type 2) row.
/// </summary>
internal static class QueryLog
{
    /// <summary>Flushes the logs, then counts the finished statements of each query id.</summary>
    public static async Task<Dictionary<string, (int Started, int Finished, string Query)>> StatementsAsync(ClickHouseEndpoint endpoint, IReadOnlyCollection<string> queryIds)
    {
        await ClickHouseHttp.QueryAsync(endpoint, "SYSTEM FLUSH LOGS");
        var ids = string.Join(", ", queryIds.Select(ClickHouseLiteral.Quote));
        var tsv = await ClickHouseHttp.QueryAsync(endpoint,
            $"SELECT query_id, countIf(type = 1), countIf(type = 2), hex(any(query)) FROM system.query_log WHERE query_id IN ({ids}) GROUP BY query_id FORMAT TabSeparated");
        return tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(
                f => f[0],
                f => (int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(Convert.FromHexString(f[3]))),
                StringComparer.Ordinal);
    }

    /// <summary>A command that asks the server to log it (the test profile does not log by default).</summary>
    public static ClickHouseCommand Logged(ClickHouseConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.QueryId = Guid.NewGuid().ToString();
        command.QuerySettings["log_queries"] = 1;
        return command;
    }
}
