-- Findings written by the anomaly-detection service; one row per detection.
CREATE TABLE IF NOT EXISTS {processing_db}.ml_detected_anomalies
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
ENGINE = MergeTree
PARTITION BY toYYYYMM(detected_at)
ORDER BY (detected_at, ja4)
