namespace Ja4Data;

/// <summary>No pooled connection became free within the acquire timeout.</summary>
public sealed class ClickHousePoolExhaustedException : ClickHouseException
{
    /// <summary>Creates the error with the pool's state at the time of the timeout.</summary>
    public ClickHousePoolExhaustedException(int maxSize, int inUse, TimeSpan waited)
        : base($"The ClickHouse connection pool is exhausted: all {maxSize} connections (CLICKHOUSE_POOL_MAX_SIZE) were in use " +
               $"({inUse} leased) and none was returned within {waited.TotalMilliseconds:0} ms (CLICKHOUSE_POOL_ACQUIRE_TIMEOUT). " +
               "Dispose connections promptly, lower the concurrency, or raise one of those settings.")
    {
        MaxSize = maxSize;
        InUse = inUse;
        Waited = waited;
    }

    /// <summary>The pool's hard bound on connections.</summary>
    public int MaxSize { get; }

    /// <summary>Connections leased when the wait ended.</summary>
    public int InUse { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Waited { get; }

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.NotExecuted;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
