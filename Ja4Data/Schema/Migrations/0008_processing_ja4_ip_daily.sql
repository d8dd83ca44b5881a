-- Requests per fingerprint and source address per day: the anomaly detector's input.
-- Reads http_logs_raw for the reason given in 0007.
CREATE TABLE IF NOT EXISTS {processing_db}.{local:ja4_ip_daily}{on_cluster}
(
    day Date,
    ja4 String,
    src_ip String,
    requests UInt64,
    errors UInt64,
    bytes UInt64
)
ENGINE = {engine:SummingMergeTree}
PARTITION BY toYYYYMM(day)
ORDER BY (day, ja4, src_ip){distributed:cityHash64(src_ip)};

CREATE MATERIALIZED VIEW IF NOT EXISTS {processing_db}.mv_ja4_ip_daily{on_cluster}
TO {processing_db}.{local:ja4_ip_daily}
AS SELECT
    toDate(if((visitParamExtractUInt(raw, 'ts') AS ts_ms) = 0, ingested_at, toDateTime(intDiv(ts_ms, 1000)))) AS day,
    visitParamExtractString(raw, 'ja4') AS ja4,
    visitParamExtractString(raw, 'src_ip') AS src_ip,
    toUInt64(count()) AS requests,
    toUInt64(countIf(toUInt16(visitParamExtractUInt(raw, 'status')) >= 400)) AS errors,
    toUInt64(sum(visitParamExtractUInt(raw, 'bytes'))) AS bytes
FROM {logs_db}.{local:http_logs_raw}
GROUP BY day, ja4, src_ip
