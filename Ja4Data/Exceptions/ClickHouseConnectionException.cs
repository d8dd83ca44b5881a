namespace Ja4Data;

/// <summary>The network connection to the server could not be made or was lost.</summary>
/// <param name="message">What failed, naming host and port.</param>
/// <param name="outcome"><see cref="ClickHouseOutcome.NotExecuted"/> when no request byte left the client.</param>
/// <param name="innerException">The socket or TLS error.</param>
public sealed class ClickHouseConnectionException(string message, ClickHouseOutcome outcome, Exception? innerException = null)
    : ClickHouseException(message, innerException)
{
    /// <inheritdoc />
    public override ClickHouseOutcome Outcome { get; } = outcome;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
