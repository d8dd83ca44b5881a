-- Parses each raw line into http_logs. visitParamExtract* is used instead of JSONExtract*
-- because 18.16 has only the former; every expression is total (a malformed line yields
-- zeros and empty strings) so a bad line can never fail the collector's insert.
-- A line without ts gets its ingest time.
CREATE MATERIALIZED VIEW IF NOT EXISTS {logs_db}.mv_http_logs{on_cluster}
TO {logs_db}.{local:http_logs}
AS SELECT
    visitParamExtractUInt(raw, 'ts') AS ts_ms,
    if(ts_ms = 0, ingested_at, toDateTime(intDiv(ts_ms, 1000))) AS timestamp,
    visitParamExtractString(raw, 'src_ip') AS src_ip,
    toUInt16(visitParamExtractUInt(raw, 'src_port')) AS src_port,
    visitParamExtractString(raw, 'host') AS host,
    visitParamExtractString(raw, 'method') AS method,
    visitParamExtractString(raw, 'path') AS path,
    toUInt16(visitParamExtractUInt(raw, 'status')) AS status,
    visitParamExtractString(raw, 'ja4') AS ja4,
    visitParamExtractString(raw, 'ja4h') AS ja4h,
    visitParamExtractString(raw, 'user_agent') AS user_agent,
    visitParamExtractUInt(raw, 'bytes') AS bytes,
    visitParamExtractFloat(raw, 'latency_ms') AS latency_ms,
    ingested_at
FROM {logs_db}.{local:http_logs_raw}
