-- min-server-version: 23.3
-- First and last sighting of every (fingerprint, client address) pair with millisecond
-- precision. Uses IPv6 (IPv4 lands as ::ffff:a.b.c.d), DateTime64, LowCardinality,
-- SimpleAggregateFunction, codecs and toIPv6OrDefault, none of which 18.16 has.
CREATE TABLE IF NOT EXISTS {processing_db}.{local:ja4_client_ips}{on_cluster}
(
    ja4 LowCardinality(String),
    src_ip IPv6,
    first_seen SimpleAggregateFunction(min, DateTime64(3)) CODEC(Delta, ZSTD),
    last_seen SimpleAggregateFunction(max, DateTime64(3)) CODEC(Delta, ZSTD),
    requests SimpleAggregateFunction(sum, UInt64)
)
ENGINE = {engine:AggregatingMergeTree}
ORDER BY (ja4, src_ip){distributed:cityHash64(ja4)};

CREATE MATERIALIZED VIEW IF NOT EXISTS {processing_db}.mv_ja4_client_ips{on_cluster}
TO {processing_db}.{local:ja4_client_ips}
AS SELECT
    ja4,
    src_ip,
    min(seen) AS first_seen,
    max(seen) AS last_seen,
    toUInt64(count()) AS requests
FROM
(
    SELECT
        JSONExtractString(raw, 'ja4') AS ja4,
        toIPv6OrDefault(JSONExtractString(raw, 'src_ip')) AS src_ip,
        if(JSONExtractUInt(raw, 'ts') = 0,
           toDateTime64(ingested_at, 3),
           fromUnixTimestamp64Milli(toInt64(JSONExtractUInt(raw, 'ts')))) AS seen
    FROM {logs_db}.{local:http_logs_raw}
)
GROUP BY ja4, src_ip
