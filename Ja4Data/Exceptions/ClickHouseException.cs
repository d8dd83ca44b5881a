using System.Data.Common;

namespace Ja4Data;

/// <summary>
/// Root of every error Ja4Data raises. Derives from <see cref="DbException"/> so ADO.NET code that catches
/// provider-neutral exceptions keeps working.
/// </summary>
public abstract class ClickHouseException : DbException
{
    /// <summary>Creates the exception with an actionable message.</summary>
    protected ClickHouseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>What is known about the statement's effect on the server when this error was raised.</summary>
    public virtual ClickHouseOutcome Outcome => ClickHouseOutcome.Failed;
}
