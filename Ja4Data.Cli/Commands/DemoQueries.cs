namespace Ja4Data.Cli.Commands;

/// <summary>The demo's analytics: what a SOC dashboard asks of the ja4 schema. Written for ClickHouse 18.16 and later.</summary>
internal static class DemoQueries
{
    /// <summary>A titled query.</summary>
    public sealed record Query(string Title, string Sql);

    public static IReadOnlyList<Query> For(ClickHouseSettings settings)
    {
        var logs = settings.LogsTable("http_logs");
        var known = settings.ProcessingTable("v_known_fingerprints");
        return
        [
            new(
                "Top JA4 fingerprints, last 24 h (aggregated by the materialized view, labelled from known_fingerprints)",
                $"""
                SELECT ja4, if(label = '', '(unknown)', label) AS client, category, requests, errors,
                       round(100 * errors / requests, 2) AS error_pct, unique_ips
                FROM {settings.ProcessingTable("v_top_fingerprints_24h")}
                LIMIT 10
                """),
            new(
                "Error rates and latency per host, last 24 h",
                $"""
                SELECT host, count() AS requests,
                       round(100 * countIf(status >= 400) / count(), 2) AS error_pct,
                       round(100 * countIf(status >= 500) / count(), 2) AS server_error_pct,
                       round(quantile(0.5)(latency_ms), 1) AS p50_ms,
                       round(quantile(0.99)(latency_ms), 1) AS p99_ms
                FROM {logs}
                WHERE timestamp >= now() - 86400
                GROUP BY host
                ORDER BY error_pct DESC
                """),
            new(
                "One TLS stack, many claimed browsers: user-agent spoofing that JA4 exposes",
                $"""
                SELECT ja4, label, browsers, user_agents, requests, addresses, pct_401
                FROM
                (
                    SELECT ja4,
                           uniqExact(multiIf(position(user_agent, 'Firefox') > 0, 'Firefox', position(user_agent, 'Chrome') > 0, 'Chrome',
                                             position(user_agent, 'Safari') > 0, 'Safari', 'other')) AS browsers,
                           uniqExact(user_agent) AS user_agents, count() AS requests, uniqExact(src_ip) AS addresses,
                           round(100 * countIf(status = 401) / count(), 1) AS pct_401
                    FROM {logs}
                    WHERE timestamp >= now() - 86400
                    GROUP BY ja4
                    HAVING browsers > 1
                ) AS spoofing
                ANY LEFT JOIN (SELECT ja4, label FROM {known}) AS known USING ja4
                ORDER BY requests DESC
                LIMIT 5
                """),
        ];
    }
}
