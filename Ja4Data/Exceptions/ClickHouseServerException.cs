namespace Ja4Data;

/// <summary>An exception reported by the ClickHouse server (an Exception packet).</summary>
/// <param name="errorCode">The ClickHouse error code.</param>
/// <param name="exceptionName">The server's exception class name.</param>
/// <param name="serverMessage">The message as the server wrote it.</param>
/// <param name="serverStackTrace">The server-side stack trace; empty unless the server sends traces.</param>
/// <param name="nested">The server exception nested in this one; it becomes <see cref="Exception.InnerException"/>.</param>
public sealed class ClickHouseServerException(int errorCode, string exceptionName, string serverMessage, string serverStackTrace, ClickHouseServerException? nested = null)
    : ClickHouseException($"ClickHouse error {errorCode} ({ClickHouseErrorCodes.NameOf(errorCode) ?? exceptionName}): {serverMessage}", nested)
{
    /// <summary>The ClickHouse error code (for example 60 for UNKNOWN_TABLE).</summary>
    public new int ErrorCode { get; } = errorCode;

    /// <summary>The server's exception class name, for example <c>DB::Exception</c>.</summary>
    public string ExceptionName { get; } = exceptionName;

    /// <summary>The symbolic ClickHouse error name for <see cref="ErrorCode"/> where Ja4Data knows it (for example UNKNOWN_TABLE).</summary>
    public string? ErrorName => ClickHouseErrorCodes.NameOf(ErrorCode);

    /// <summary>The message as the server wrote it.</summary>
    public string ServerMessage { get; } = serverMessage;

    /// <summary>The server-side stack trace; empty unless the server sends traces.</summary>
    public string ServerStackTrace { get; } = serverStackTrace;

    /// <inheritdoc />
    public override bool IsTransient => ClickHouseErrorCodes.IsTransient(ErrorCode);

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseErrorCodes.IsRejectedBeforeExecution(ErrorCode)
        ? ClickHouseOutcome.NotExecuted
        : ClickHouseOutcome.Failed;
}
