namespace Ja4Data;

/// <summary>
/// Names of the environment (and <c>.env</c>) variables read by <see cref="ClickHouseSettings.Load(string?)"/>.
/// They match the Python library's settings so one deployment configures both. Names are case-sensitive.
/// </summary>
public static class ClickHouseEnvironmentVariables
{
    /// <summary>Host name or IP address of the server (<see cref="ClickHouseSettings.Host"/>).</summary>
    public const string Host = "CLICKHOUSE_HOST";

    /// <summary>Native-protocol TCP port (<see cref="ClickHouseSettings.Port"/>).</summary>
    public const string Port = "CLICKHOUSE_PORT";

    /// <summary>Default database of a connection (<see cref="ClickHouseSettings.Database"/>).</summary>
    public const string Database = "CLICKHOUSE_DB";

    /// <summary>User name (<see cref="ClickHouseSettings.User"/>).</summary>
    public const string User = "CLICKHOUSE_USER";

    /// <summary>Password (<see cref="ClickHouseSettings.Password"/>).</summary>
    public const string Password = "CLICKHOUSE_PASSWORD";

    /// <summary>Database holding the JA4 log tables (<see cref="ClickHouseSettings.DbLogs"/>).</summary>
    public const string DbLogs = "CLICKHOUSE_DB_LOGS";

    /// <summary>Database holding the JA4 processing tables (<see cref="ClickHouseSettings.DbProcessing"/>).</summary>
    public const string DbProcessing = "CLICKHOUSE_DB_PROCESSING";

    /// <summary>Whether to use TLS (<see cref="ClickHouseSettings.Secure"/>).</summary>
    public const string Secure = "CLICKHOUSE_SECURE";

    /// <summary>
    /// PEM file of the CA(s) trusted instead of the system's store (<see cref="ClickHouseSettings.TlsCaCertificatePath"/>).
    /// </summary>
    public const string TlsCaFile = "CLICKHOUSE_TLS_CA_FILE";

    /// <summary>
    /// TLS revocation check: none (default), online or offline (<see cref="ClickHouseSettings.TlsCheckRevocation"/>).
    /// </summary>
    public const string TlsCheckRevocation = "CLICKHOUSE_TLS_CHECK_REVOCATION";

    /// <summary>Block compression: none, lz4 or zstd (<see cref="ClickHouseSettings.Compression"/>).</summary>
    public const string Compression = "CLICKHOUSE_COMPRESSION";

    /// <summary>TCP connect and handshake timeout in seconds (<see cref="ClickHouseSettings.ConnectTimeout"/>).</summary>
    public const string ConnectTimeout = "CLICKHOUSE_CONNECT_TIMEOUT";

    /// <summary>Per-command timeout in seconds (<see cref="ClickHouseSettings.CommandTimeout"/>).</summary>
    public const string CommandTimeout = "CLICKHOUSE_COMMAND_TIMEOUT";

    /// <summary>Most pooled connections (<see cref="ClickHouseSettings.PoolMaxSize"/>).</summary>
    public const string PoolMaxSize = "CLICKHOUSE_POOL_MAX_SIZE";

    /// <summary>Connections the pool keeps warm (<see cref="ClickHouseSettings.PoolMinSize"/>).</summary>
    public const string PoolMinSize = "CLICKHOUSE_POOL_MIN_SIZE";

    /// <summary>
    /// Wait for a free pooled connection, in seconds (<see cref="ClickHouseSettings.PoolAcquireTimeout"/>).
    /// </summary>
    public const string PoolAcquireTimeout = "CLICKHOUSE_POOL_ACQUIRE_TIMEOUT";

    /// <summary>
    /// Idle time before a pooled connection is pruned, in seconds (<see cref="ClickHouseSettings.PoolIdleTimeout"/>).
    /// </summary>
    public const string PoolIdleTimeout = "CLICKHOUSE_POOL_IDLE_TIMEOUT";

    /// <summary>
    /// Idle time after which a connection is pinged before lease, in seconds
    /// (<see cref="ClickHouseSettings.PoolValidateAfterIdle"/>).
    /// </summary>
    public const string PoolValidateAfter = "CLICKHOUSE_POOL_VALIDATE_AFTER";

    /// <summary>
    /// Maximum age of a pooled connection, in seconds (<see cref="ClickHouseSettings.PoolConnectionLifetime"/>).
    /// </summary>
    public const string PoolConnectionLifetime = "CLICKHOUSE_POOL_CONNECTION_LIFETIME";

    /// <summary>Retries after the first attempt (<see cref="ClickHouseSettings.RetryMaxAttempts"/>).</summary>
    public const string RetryMaxAttempts = "CLICKHOUSE_RETRY_MAX_ATTEMPTS";

    /// <summary>First retry delay in seconds (<see cref="ClickHouseSettings.RetryBaseDelay"/>).</summary>
    public const string RetryBaseDelay = "CLICKHOUSE_RETRY_BASE_DELAY";

    /// <summary>Cap of one retry delay in seconds (<see cref="ClickHouseSettings.RetryMaxDelay"/>).</summary>
    public const string RetryMaxDelay = "CLICKHOUSE_RETRY_MAX_DELAY";

    /// <summary>
    /// Overall budget of one call including retries, in seconds (<see cref="ClickHouseSettings.RetryTimeout"/>).
    /// </summary>
    public const string RetryTimeout = "CLICKHOUSE_RETRY_TIMEOUT";

    /// <summary>Rows per Data block sent by inserts (<see cref="ClickHouseSettings.InsertBlockSize"/>).</summary>
    public const string InsertBlockSize = "CLICKHOUSE_INSERT_BLOCK_SIZE";

    /// <summary>Most bytes of one decompressed result block (<see cref="ClickHouseSettings.MaxBlockBytes"/>).</summary>
    public const string MaxBlockBytes = "CLICKHOUSE_MAX_BLOCK_BYTES";
    /// <summary>
    /// Whether an opened connection's connection string keeps the password (<see cref="ClickHouseSettings.PersistSecurityInfo"/>).
    /// </summary>
    public const string PersistSecurityInfo = "CLICKHOUSE_PERSIST_SECURITY_INFO";

    /// <summary>Client name sent in the Hello packet (<see cref="ClickHouseSettings.ClientName"/>).</summary>
    public const string ClientName = "CLICKHOUSE_CLIENT_NAME";

    /// <summary>
    /// Cluster the schema is deployed on, <c>ON CLUSTER</c>; empty for a single server (<see cref="ClickHouseSettings.Cluster"/>).
    /// </summary>
    public const string Cluster = "CLICKHOUSE_CLUSTER";
}
