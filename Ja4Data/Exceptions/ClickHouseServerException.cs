namespace Ja4Data;

/// <summary>An exception reported by the ClickHouse server (an Exception packet).</summary>
public sealed class ClickHouseServerException : ClickHouseException
{
    /// <summary>Creates a server exception; nested server exceptions become <see cref="Exception.InnerException"/>.</summary>
    public ClickHouseServerException(int errorCode, string exceptionName, string serverMessage, string serverStackTrace, ClickHouseServerException? nested = null)
        : base($"ClickHouse error {errorCode} ({ClickHouseErrorCodes.NameOf(errorCode) ?? exceptionName}): {serverMessage}", nested)
    {
        ErrorCode = errorCode;
        ExceptionName = exceptionName;
        ServerMessage = serverMessage;
        ServerStackTrace = serverStackTrace;
    }

    /// <summary>The ClickHouse error code (for example 60 for UNKNOWN_TABLE).</summary>
    public new int ErrorCode { get; }

    /// <summary>The server's exception class name, for example <c>DB::Exception</c>.</summary>
    public string ExceptionName { get; }

    /// <summary>The symbolic ClickHouse error name for <see cref="ErrorCode"/> where Ja4Data knows it (for example UNKNOWN_TABLE).</summary>
    public string? ErrorName => ClickHouseErrorCodes.NameOf(ErrorCode);

    /// <summary>The message as the server wrote it.</summary>
    public string ServerMessage { get; }

    /// <summary>The server-side stack trace; empty unless the server sends traces.</summary>
    public string ServerStackTrace { get; }

    /// <inheritdoc />
    public override bool IsTransient => ClickHouseErrorCodes.IsTransient(ErrorCode);

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseErrorCodes.IsRejectedBeforeExecution(ErrorCode)
        ? ClickHouseOutcome.NotExecuted
        : ClickHouseOutcome.Failed;
}
