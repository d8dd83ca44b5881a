namespace Ja4Data;

/// <summary>A setting or connection-string value is missing or malformed. Raised before any connection is made.</summary>
public sealed class ClickHouseConfigurationException : ClickHouseException
{
    /// <summary>Creates a configuration error; the message must name the setting and the expected form, never a password.</summary>
    public ClickHouseConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override ClickHouseOutcome Outcome => ClickHouseOutcome.NotExecuted;
}
