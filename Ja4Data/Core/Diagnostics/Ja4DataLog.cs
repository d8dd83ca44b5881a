using Microsoft.Extensions.Logging;

namespace Ja4Data.Core.Diagnostics;

/// <summary>
/// The library's log messages (source-generated), with stable event ids by area: 1xxx data source and connections,
/// 2xxx statements, 3xxx the pool, 4xxx retries. Messages name servers, users, databases and sanitized SQL, never a
/// password or a parameter value.
/// </summary>
internal static partial class Ja4DataLog
{
    [LoggerMessage(EventId = 1101, EventName = "ConnectionOpened", Level = LogLevel.Debug,
        Message = "Opened a connection to {Server} as user '{User}' (database {Database}): ClickHouse {ServerVersion}, protocol revision {Revision}, in {ElapsedMs:0.#} ms; pool {Pool}.")]
    public static partial void ConnectionOpened(ILogger logger, string server, string user, string database, string serverVersion, int revision, double elapsedMs, string pool);

    [LoggerMessage(EventId = 1102, EventName = "ConnectionFailed", Level = LogLevel.Warning,
        Message = "Could not open a connection to {Server} as user '{User}' after {ElapsedMs:0.#} ms: {Error}; pool {Pool}.")]
    public static partial void ConnectionFailed(ILogger logger, string server, string user, double elapsedMs, string error, string pool);

    [LoggerMessage(EventId = 1103, EventName = "ConnectionClosed", Level = LogLevel.Debug,
        Message = "Closed a connection to {Server} ({Reason}); pool {Pool}.")]
    public static partial void ConnectionClosed(ILogger logger, string server, string reason, string pool);

    [LoggerMessage(EventId = 1104, EventName = "ConnectionBroken", Level = LogLevel.Warning,
        Message = "A connection to {Server} broke and was closed: {Error}; pool {Pool}.")]
    public static partial void ConnectionBroken(ILogger logger, string server, string error, string pool);

    [LoggerMessage(EventId = 2001, EventName = "CommandExecuting", Level = LogLevel.Debug, SkipEnabledCheck = true,
        Message = "Executing {Operation} (query id {QueryId}) on {Server}: {Sql}")]
    public static partial void CommandExecuting(ILogger logger, string operation, string? queryId, string server, string sql);

    [LoggerMessage(EventId = 2002, EventName = "CommandCompleted", Level = LogLevel.Debug,
        Message = "{Operation} completed in {ElapsedMs:0.#} ms: {ReadRows} rows read, {WrittenRows} rows written.")]
    public static partial void CommandCompleted(ILogger logger, string operation, double elapsedMs, long readRows, long writtenRows);

    [LoggerMessage(EventId = 2003, EventName = "CommandFailed", Level = LogLevel.Debug,
        Message = "{Operation} failed after {ElapsedMs:0.#} ms: {ErrorType}.")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string operation, double elapsedMs, string errorType);

    [LoggerMessage(EventId = 2004, EventName = "SlowStatement", Level = LogLevel.Warning, SkipEnabledCheck = true,
        Message = "Slow statement: {Operation} took {ElapsedMs:0} ms (threshold {ThresholdMs:0} ms, CLICKHOUSE_SLOW_STATEMENT_THRESHOLD) on {Server}: {Sql}")]
    public static partial void SlowStatement(ILogger logger, string operation, double elapsedMs, double thresholdMs, string server, string sql);

    [LoggerMessage(EventId = 2005, EventName = "InsertOutcomeUnknown", Level = LogLevel.Warning,
        Message = "An insert into {Table} on {Server} lost its acknowledgement: the rows may be stored fully, partly or not at all. Check the table before repeating it.")]
    public static partial void InsertOutcomeUnknown(ILogger logger, Exception exception, string table, string server);

    [LoggerMessage(EventId = 3001, EventName = "PoolExhausted", Level = LogLevel.Warning,
        Message = "The connection pool {Pool} is exhausted: all {MaxSize} connections stayed in use for {WaitedMs:0} ms (PoolAcquireTimeout). "
            + "Return connections sooner (dispose readers and connections) or raise PoolMaxSize.")]
    public static partial void PoolExhausted(ILogger logger, string pool, int maxSize, double waitedMs);

    [LoggerMessage(EventId = 4001, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Retrying {Operation} (attempt {Attempt}) in {DelayMs:0} ms after {ErrorType}: {Error}")]
    public static partial void RetryScheduled(ILogger logger, string operation, int attempt, double delayMs, string errorType, string error);
}
