-- Findings written by the anomaly-detection service; one row per detection.
CREATE TABLE IF NOT EXISTS {processing_db}.{local:ml_detected_anomalies}{on_cluster}
(
    detected_at DateTime DEFAULT now(),
    ja4 String,
    src_ip String,
    host String,
    anomaly_type String,
    score Float64,
    model_name String,
    model_version String,
    details String
)
ENGINE = {engine:MergeTree}
PARTITION BY toYYYYMM(detected_at)
ORDER BY (detected_at, ja4){distributed:cityHash64(ja4)}
