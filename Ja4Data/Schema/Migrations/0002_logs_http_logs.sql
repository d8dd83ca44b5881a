-- Parsed HTTP logs, filled only by mv_http_logs. Types stay within what ClickHouse 18.16
-- knows (no IPv4/IPv6, DateTime64 or LowCardinality) so one schema serves every server.
CREATE TABLE IF NOT EXISTS {logs_db}.{local:http_logs}{on_cluster}
(
    timestamp DateTime,
    ts_ms UInt64,
    src_ip String,
    src_port UInt16,
    host String,
    method String,
    path String,
    status UInt16,
    ja4 String,
    ja4h String,
    user_agent String,
    bytes UInt64,
    latency_ms Float64,
    ingested_at DateTime
)
ENGINE = {engine:MergeTree}
PARTITION BY toYYYYMM(timestamp)
ORDER BY (ja4, timestamp){distributed:cityHash64(src_ip)}
