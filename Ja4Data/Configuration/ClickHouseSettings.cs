namespace Ja4Data;

/// <summary>
/// Everything needed to reach ClickHouse and how hard to try: the C# twin of the Python library's settings model,
/// read from the same <c>CLICKHOUSE_*</c> variables (<see cref="ClickHouseEnvironmentVariables"/>).
/// </summary>
/// <remarks>
/// <para>
/// Create with an object initializer (unset properties keep their defaults), <see cref="Load(string?)"/> or
/// <see cref="FromConnectionString(string)"/>; call <see cref="Validate"/> before connecting.
/// <see cref="ToString"/> never shows the password.
/// </para>
/// <para>
/// Retry defaults bridge a 10 s server restart: with exponential backoff starting at <see cref="RetryBaseDelay"/>
/// (0.2 s), doubling and capped at <see cref="RetryMaxDelay"/> (5 s), the <see cref="RetryMaxAttempts"/> (6) retries
/// wait at least 0.2 + 0.4 + 0.8 + 1.6 + 3.2 + 5 = 11.2 s in total (jitter only lengthens delays), so the last attempt lands after
/// the server is back. A refused connect fails at once, so the attempts themselves add little; even if every
/// attempt spent up to <see cref="ConnectTimeout"/> on a black-holed host, <see cref="RetryTimeout"/> (60 s) bounds
/// the whole call.
/// </para>
/// </remarks>
public sealed partial record ClickHouseSettings
{
    /// <summary>Port of the plain native protocol.</summary>
    internal const int DefaultPort = 9000;

    /// <summary>Port of the native protocol over TLS.</summary>
    internal const int DefaultSecurePort = 9440;

    private readonly int? _port;

    /// <summary>Host name or IP address of the server. Default <c>clickhouse</c>.</summary>
    public string Host { get; init; } = "clickhouse";

    /// <summary>
    /// Native-protocol TCP port. Default 9000, or 9440 when <see cref="Secure"/> is true and no port was given.
    /// </summary>
    /// <remarks>
    /// Whether the port was given is part of the record: <c>with { Secure = true }</c> moves a derived port to 9440
    /// but keeps a given one, so <c>{ Secure = true }</c> and <c>{ Secure = true, Port = 9440 }</c> are not equal.
    /// </remarks>
    public int Port
    {
        get => _port ?? (Secure ? DefaultSecurePort : DefaultPort);
        init => _port = value;
    }

    /// <summary>Default database of a connection. Default <c>ja4_processing</c>.</summary>
    public string Database { get; init; } = "ja4_processing";

    /// <summary>User name. Default <c>admin</c>.</summary>
    public string User { get; init; } = "admin";

    /// <summary>Password, sent in the Hello packet (plain text unless <see cref="Secure"/>). Default empty.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>Database holding the JA4 log tables. Default <c>ja4_logs</c>.</summary>
    public string DbLogs { get; init; } = "ja4_logs";

    /// <summary>Database holding the JA4 processing tables. Default <c>ja4_processing</c>.</summary>
    public string DbProcessing { get; init; } = "ja4_processing";

    /// <summary>
    /// Connect over TLS (port 9440 unless <see cref="Port"/> is set). Host name and certificate chain are always
    /// validated. Default false.
    /// </summary>
    public bool Secure { get; init; }

    /// <summary>
    /// PEM file of the CA certificate(s) to trust instead of the operating system's store, for servers signed by a
    /// private CA. When set, the server's certificate must chain to a certificate in this file; the system's roots are
    /// not consulted (a public CA cannot vouch for the server). Host name and expiry are still checked. Null (default)
    /// trusts the operating system's store only.
    /// </summary>
    public string? TlsCaCertificatePath { get; init; }

    /// <summary>
    /// Whether the TLS handshake checks the server certificate for revocation. Default
    /// <see cref="ClickHouseTlsRevocationCheck.None"/>; <see cref="ClickHouseTlsRevocationCheck.Online"/> rejects a
    /// certificate whose revocation status cannot be fetched.
    /// </summary>
    public ClickHouseTlsRevocationCheck TlsCheckRevocation { get; init; }

    /// <summary>Block compression for queries and inserts. Default <see cref="ClickHouseCompression.Lz4"/>.</summary>
    public ClickHouseCompression Compression { get; init; } = ClickHouseCompression.Lz4;

    /// <summary>Time allowed for TCP connect plus handshake. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time allowed for one command, and for each wait of an insert on the server (its header, each data block, its
    /// acknowledgement: a bulk insert may stream longer in all); <see cref="TimeSpan.Zero"/> means no limit. Default 300 s.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Most connections the pool opens to the server (at least 1). Default 16.</summary>
    public int PoolMaxSize { get; init; } = 16;

    /// <summary>Connections the pool keeps open even when idle (at most <see cref="PoolMaxSize"/>). Default 0.</summary>
    public int PoolMinSize { get; init; }

    /// <summary>Longest wait for a free pooled connection before giving up. Default 30 s.</summary>
    public TimeSpan PoolAcquireTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle connections older than this are closed by the pool's sweep. Default 300 s.</summary>
    public TimeSpan PoolIdleTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>A connection idle longer than this is pinged before it is leased. Default 5 s.</summary>
    public TimeSpan PoolValidateAfterIdle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections older than this are closed when returned to the pool; <see cref="TimeSpan.Zero"/> means no limit.
    /// Default 3600 s.
    /// </summary>
    public TimeSpan PoolConnectionLifetime { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Retries after the first attempt of a retryable call; 0 disables retries. Default 6.</summary>
    public int RetryMaxAttempts { get; init; } = 6;

    /// <summary>Delay before the first retry; later delays double (with jitter). Default 0.2 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(0.2);

    /// <summary>Cap of a single retry delay. Default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Overall time budget of one call including all retries. Default 60 s.</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Rows per Data block sent by inserts. Default 65536.</summary>
    public int InsertBlockSize { get; init; } = 65536;

    /// <summary>
    /// Most bytes one result block may take once decompressed; a larger block fails with a
    /// <see cref="ClickHouseProtocolException"/> instead of growing memory without bound. Default 1 GiB (1073741824),
    /// the size of the largest String ClickHouse itself reads: real blocks are far smaller (servers cut them at
    /// max_block_size rows, 65,409 by default). From 1 MiB to 16 GiB.
    /// </summary>
    public long MaxBlockBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Whether <see cref="System.Data.Common.DbConnection.ConnectionString"/> of a connection that is or has been open
    /// still shows the password (the ADO.NET <c>Persist Security Info</c> convention). Default false: once a connection
    /// opened, its connection string no longer holds the password.
    /// </summary>
    public bool PersistSecurityInfo { get; init; }

    /// <summary>Client name sent in the Hello packet, visible in the server's query log. Default <c>Ja4Data</c>.</summary>
    public string ClientName { get; init; } = "Ja4Data";

    /// <summary>
    /// Name of the ClickHouse cluster (as in the servers' <c>remote_servers</c>) the ja4 schema is deployed on: every
    /// table becomes a replicated <c>t_local</c> on each node plus a Distributed <c>t</c> over them (docs/cluster.md).
    /// Empty (default) for a single server.
    /// </summary>
    public string Cluster { get; init; } = string.Empty;

    /// <summary>True when <see cref="Port"/> was given rather than derived from <see cref="Secure"/>.</summary>
    internal bool IsPortExplicit => _port.HasValue;

    /// <summary>The back-quoted name of <paramref name="table"/> in the <see cref="DbLogs"/> database.</summary>
    public string LogsTable(string table) => ClickHouseIdentifier.Qualify(DbLogs, table);

    /// <summary>The back-quoted name of <paramref name="table"/> in the <see cref="DbProcessing"/> database.</summary>
    public string ProcessingTable(string table) => ClickHouseIdentifier.Qualify(DbProcessing, table);
}
