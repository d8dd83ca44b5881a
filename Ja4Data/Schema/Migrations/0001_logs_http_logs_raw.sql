-- Raw HTTP log lines exactly as the collectors ship them: one JSON object per row, so
-- `INSERT INTO http_logs_raw (raw)` is the whole ingest contract. Keeping the line lets
-- the parsed table be rebuilt after a parser change.
CREATE TABLE IF NOT EXISTS {logs_db}.{local:http_logs_raw}{on_cluster}
(
    raw String,
    ingested_at DateTime DEFAULT now()
)
ENGINE = {engine:MergeTree}
PARTITION BY toYYYYMMDD(ingested_at)
ORDER BY ingested_at{distributed:cityHash64(visitParamExtractString(raw, 'src_ip'))}
