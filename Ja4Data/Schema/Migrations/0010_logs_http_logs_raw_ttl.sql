-- min-server-version: 20.3
-- Raw lines are only kept for replaying the parser; 30 days is enough. Table TTL arrived
-- in 19.6; 20.3 is the oldest release line this has been reasoned about for.
ALTER TABLE {logs_db}.{local:http_logs_raw}{on_cluster} MODIFY TTL ingested_at + INTERVAL 30 DAY
