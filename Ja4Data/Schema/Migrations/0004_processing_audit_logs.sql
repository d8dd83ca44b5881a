-- Who did what in the platform. Exactly the five columns the platform's examples insert,
-- in that order, so positional inserts keep working.
CREATE TABLE IF NOT EXISTS {processing_db}.{local:audit_logs}{on_cluster}
(
    timestamp DateTime DEFAULT now(),
    user_name String,
    action String,
    entity_type String,
    entity_id String
)
ENGINE = {engine:MergeTree}
PARTITION BY toYYYYMM(timestamp)
ORDER BY (timestamp, user_name){distributed:cityHash64(user_name)}
