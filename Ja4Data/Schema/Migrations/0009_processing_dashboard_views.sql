-- Read models for the dashboard. Joins use the ANY LEFT JOIN ... USING form with every
-- joined subquery aliased: 18.16 and current servers read that the same way (current ones
-- reject an unaliased joined subquery).
CREATE VIEW IF NOT EXISTS {processing_db}.v_ja4_hourly{on_cluster}
AS SELECT
    hour,
    ja4,
    countMerge(requests) AS requests,
    countIfMerge(errors) AS errors,
    sumMerge(bytes) AS bytes,
    avgMerge(latency_ms) AS avg_latency_ms,
    uniqMerge(unique_ips) AS unique_ips,
    uniqMerge(unique_hosts) AS unique_hosts
FROM {processing_db}.ja4_hourly
GROUP BY hour, ja4;

CREATE VIEW IF NOT EXISTS {processing_db}.v_known_fingerprints{on_cluster}
AS SELECT
    ja4,
    argMax(label, updated_at) AS label,
    argMax(category, updated_at) AS category,
    argMax(threat_level, updated_at) AS threat_level
FROM {processing_db}.known_fingerprints
GROUP BY ja4;

CREATE VIEW IF NOT EXISTS {processing_db}.v_top_fingerprints_24h{on_cluster}
AS SELECT
    ja4,
    requests,
    errors,
    unique_ips,
    label,
    category,
    threat_level
FROM
(
    SELECT
        ja4,
        countMerge(requests) AS requests,
        countIfMerge(errors) AS errors,
        uniqMerge(unique_ips) AS unique_ips
    FROM {processing_db}.ja4_hourly
    WHERE hour >= toStartOfHour(now() - 86400)
    GROUP BY ja4
) AS traffic
ANY LEFT JOIN
(
    SELECT
        ja4,
        argMax(label, updated_at) AS label,
        argMax(category, updated_at) AS category,
        argMax(threat_level, updated_at) AS threat_level
    FROM {processing_db}.known_fingerprints
    GROUP BY ja4
) AS known USING ja4
ORDER BY requests DESC;

CREATE VIEW IF NOT EXISTS {processing_db}.v_recent_anomalies{on_cluster}
AS SELECT
    detected_at,
    ja4,
    src_ip,
    host,
    anomaly_type,
    score,
    model_name,
    model_version,
    label,
    category
FROM
(
    SELECT detected_at, ja4, src_ip, host, anomaly_type, score, model_name, model_version
    FROM {processing_db}.ml_detected_anomalies
    WHERE detected_at >= now() - 86400
) AS anomalies
ANY LEFT JOIN
(
    SELECT
        ja4,
        argMax(label, updated_at) AS label,
        argMax(category, updated_at) AS category
    FROM {processing_db}.known_fingerprints
    GROUP BY ja4
) AS known USING ja4
ORDER BY detected_at DESC
