namespace Ja4Data;

/// <summary>No pooled connection became free within the acquire timeout.</summary>
/// <param name="maxSize">The pool's hard bound on connections.</param>
/// <param name="inUse">Connections leased when the wait ended.</param>
/// <param name="waited">How long the caller waited.</param>
public sealed class ClickHousePoolExhaustedException(int maxSize, int inUse, TimeSpan waited)
    : ClickHouseException(
        $"The ClickHouse connection pool is exhausted: all {maxSize} connections (CLICKHOUSE_POOL_MAX_SIZE) were in use " +
        $"({inUse} leased) and none was returned within {waited.TotalMilliseconds:0} ms (CLICKHOUSE_POOL_ACQUIRE_TIMEOUT). " +
        "Dispose connections promptly, lower the concurrency, or raise one of those settings.")
{
    /// <summary>The pool's hard bound on connections.</summary>
    public int MaxSize { get; } = maxSize;

    /// <summary>Connections leased when the wait ended.</summary>
    public int InUse { get; } = inUse;

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Waited { get; } = waited;

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.NotExecuted;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
