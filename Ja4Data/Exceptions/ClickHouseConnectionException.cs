namespace Ja4Data;

/// <summary>The network connection to the server could not be made or was lost.</summary>
public sealed class ClickHouseConnectionException : ClickHouseException
{
    /// <summary>Creates a connection error.</summary>
    /// <param name="message">What failed, naming host and port.</param>
    /// <param name="outcome"><see cref="ClickHouseOutcome.NotExecuted"/> when no request byte left the client.</param>
    /// <param name="innerException">The socket or TLS error.</param>
    public ClickHouseConnectionException(string message, ClickHouseOutcome outcome, Exception? innerException = null)
        : base(message, innerException)
    {
        Outcome = outcome;
    }

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
