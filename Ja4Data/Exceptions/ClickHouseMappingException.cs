namespace Ja4Data;

/// <summary>
/// A typed record does not fit the columns it is read from or inserted into: a constructor parameter (or
/// <c>required</c> member) the result has no column for, a member the table has no column for, two columns for one
/// member, or a column whose values cannot become the member's type (or one value that does not fit, such as a
/// NULL for a non-nullable member or a number out of its range). The message names the record type, the member,
/// the column and both types.
/// </summary>
/// <param name="message">What does not fit, and what to change.</param>
/// <param name="recordType">The record type being mapped.</param>
/// <param name="member">The member or constructor parameter concerned, if any.</param>
/// <param name="column">The column concerned, if any.</param>
/// <param name="outcome">What is known of the statement's effect (see <see cref="Outcome"/>).</param>
/// <param name="innerException">The conversion failure, if any.</param>
public sealed class ClickHouseMappingException(string message, Type recordType, string? member, string? column, ClickHouseOutcome outcome, Exception? innerException = null)
    : ClickHouseException(message, innerException)
{
    /// <summary>The record type being mapped.</summary>
    public Type RecordType { get; } = recordType;

    /// <summary>The member or constructor parameter concerned, when one is.</summary>
    public string? Member { get; } = member;

    /// <summary>The column concerned, when one is.</summary>
    public string? Column { get; } = column;

    /// <summary>
    /// <see cref="ClickHouseOutcome.NotExecuted"/> for inserts (raised before anything is sent);
    /// <see cref="ClickHouseOutcome.Failed"/> for a query, which ran: reading it again gives the same rows, so it is
    /// not retried.
    /// </summary>
    public override ClickHouseOutcome Outcome { get; } = outcome;
}
