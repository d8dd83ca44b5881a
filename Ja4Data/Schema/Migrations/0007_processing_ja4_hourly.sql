-- Per-fingerprint hourly traffic. The view reads http_logs_raw, not http_logs: on 18.16
-- a row written by one materialized view does not trigger the views of its target table,
-- so a view on http_logs would stay empty there. Expressions mirror mv_http_logs; the
-- inline alias (not a subquery) is what 18.16 accepts in a materialized view.
CREATE TABLE IF NOT EXISTS {processing_db}.{local:ja4_hourly}{on_cluster}
(
    hour DateTime,
    ja4 String,
    requests AggregateFunction(count),
    errors AggregateFunction(countIf, UInt8),
    bytes AggregateFunction(sum, UInt64),
    latency_ms AggregateFunction(avg, Float64),
    unique_ips AggregateFunction(uniq, String),
    unique_hosts AggregateFunction(uniq, String)
)
ENGINE = {engine:AggregatingMergeTree}
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, ja4){distributed:cityHash64(ja4)};

CREATE MATERIALIZED VIEW IF NOT EXISTS {processing_db}.mv_ja4_hourly{on_cluster}
TO {processing_db}.{local:ja4_hourly}
AS SELECT
    toStartOfHour(if((visitParamExtractUInt(raw, 'ts') AS ts_ms) = 0, ingested_at, toDateTime(intDiv(ts_ms, 1000)))) AS hour,
    visitParamExtractString(raw, 'ja4') AS ja4,
    countState() AS requests,
    countIfState(toUInt16(visitParamExtractUInt(raw, 'status')) >= 400) AS errors,
    sumState(visitParamExtractUInt(raw, 'bytes')) AS bytes,
    avgState(visitParamExtractFloat(raw, 'latency_ms')) AS latency_ms,
    uniqState(visitParamExtractString(raw, 'src_ip')) AS unique_ips,
    uniqState(visitParamExtractString(raw, 'host')) AS unique_hosts
FROM {logs_db}.{local:http_logs_raw}
GROUP BY hour, ja4
