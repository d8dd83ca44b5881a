namespace Ja4Data;

/// <summary>
/// The bytes on the wire did not follow the native protocol (unknown packet, bad checksum, impossible size...).
/// The connection that saw it is broken and is never reused.
/// </summary>
public sealed class ClickHouseProtocolException : ClickHouseException
{
    /// <summary>Creates a protocol error.</summary>
    public ClickHouseProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.Unknown;
}
