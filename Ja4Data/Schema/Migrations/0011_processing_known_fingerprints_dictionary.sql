-- min-server-version: 20.3
-- dictGet access to known_fingerprints. CREATE DICTIONARY arrived in 19.17; older servers
-- use the table (or the v_known_fingerprints view) directly.
CREATE DICTIONARY IF NOT EXISTS {processing_db}.known_fingerprints_dict{on_cluster}
(
    ja4 String,
    label String DEFAULT '',
    category String DEFAULT '',
    threat_level UInt8 DEFAULT 0
)
PRIMARY KEY ja4
SOURCE(CLICKHOUSE(DB {processing_db} TABLE 'v_known_fingerprints'))
LAYOUT(COMPLEX_KEY_HASHED())
LIFETIME(MIN 60 MAX 300)
