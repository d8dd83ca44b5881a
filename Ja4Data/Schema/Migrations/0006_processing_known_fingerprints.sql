-- Curated JA4 fingerprints. A plain table works on every server (18.16 dictionaries are
-- XML-configured); newer servers also get a dictionary over it (migration 0011).
-- The latest row per ja4 wins.
CREATE TABLE IF NOT EXISTS {processing_db}.{local:known_fingerprints}{on_cluster}
(
    ja4 String,
    label String,
    category String,
    threat_level UInt8,
    notes String DEFAULT '',
    updated_at DateTime DEFAULT now()
)
ENGINE = {engine:ReplacingMergeTree(updated_at)}
ORDER BY ja4{distributed:cityHash64(ja4)}
