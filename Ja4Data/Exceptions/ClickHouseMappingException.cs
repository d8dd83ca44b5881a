namespace Ja4Data;

/// <summary>
/// A typed record does not fit the columns it is read from or inserted into: a constructor parameter (or
/// <c>required</c> member) the result has no column for, a member the table has no column for, two columns for one
/// member, or a column whose values cannot become the member's type (or one value that does not fit, such as a
/// NULL for a non-nullable member or a number out of its range). The message names the record type, the member,
/// the column and both types.
/// </summary>
public sealed class ClickHouseMappingException : ClickHouseException
{
    /// <summary>Creates the error.</summary>
    public ClickHouseMappingException(string message, Type recordType, string? member, string? column, ClickHouseOutcome outcome, Exception? innerException = null)
        : base(message, innerException)
    {
        RecordType = recordType;
        Member = member;
        Column = column;
        Outcome = outcome;
    }

    /// <summary>The record type being mapped.</summary>
    public Type RecordType { get; }

    /// <summary>The member or constructor parameter concerned, when one is.</summary>
    public string? Member { get; }

    /// <summary>The column concerned, when one is.</summary>
    public string? Column { get; }

    /// <summary>
    /// <see cref="ClickHouseOutcome.NotExecuted"/> for inserts (raised before anything is sent);
    /// <see cref="ClickHouseOutcome.Failed"/> for a query, which ran: reading it again gives the same rows, so it is
    /// not retried.
    /// </summary>
    public override ClickHouseOutcome Outcome { get; }
}
