namespace Ja4Data.Types.Mapping;

/// <summary>
/// The name rules between columns and record members (docs/types.md, "Typed records"). A member with
/// <c>[Column("name")]</c> takes the column of exactly that name, else the one name equal ignoring case. Any other
/// member takes, in this order, the column of exactly its name, the one equal ignoring case, or the one equal ignoring
/// case and underscores (<c>ts_ms</c> for <c>TsMs</c>, as Dapper's <c>MatchNamesWithUnderscores</c>). Two columns
/// at the first rule that matches are ambiguous; two members may not take the same column.
/// </summary>
internal static class ColumnMatch
{
    /// <summary>
    /// The column of each member (-1 for none), in member order. Throws <see cref="ClickHouseMappingException"/> for an
    /// ambiguous name or a column taken twice.
    /// </summary>
    public static int[] Assign(Type record, IReadOnlyList<RecordMember> members, IReadOnlyList<string> columns, ClickHouseOutcome outcome)
    {
        var assigned = new int[members.Count];
        var takenBy = new Dictionary<int, RecordMember>();
        for (var m = 0; m < members.Count; m++)
        {
            var member = members[m];
            var column = Find(record, member, columns, outcome);
            if (column >= 0 && !takenBy.TryAdd(column, member))
            {
                throw new ClickHouseMappingException(
                    $"{takenBy[column].Describe(record)} and {member.Describe(record)} both map to column '{columns[column]}'; rename one or give it [Column(\"...\")].",
                    record, member.Name, columns[column], outcome);
            }

            assigned[m] = column;
        }

        return assigned;
    }

    /// <summary>The name a member is matched by, ignoring case and underscores (<c>TsMs</c> and <c>ts_ms</c> give <c>tsms</c>).</summary>
    public static string Relaxed(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static int Find(Type record, RecordMember member, IReadOnlyList<string> columns, ClickHouseOutcome outcome)
    {
        var name = member.ColumnName ?? member.Name;
        var exact = IndexOf(columns, c => string.Equals(c, name, StringComparison.Ordinal));
        if (exact.Count > 0)
        {
            return Single(record, member, columns, exact, outcome);
        }

        var ignoringCase = IndexOf(columns, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        if (ignoringCase.Count > 0 || member.ColumnName is not null)
        {
            return ignoringCase.Count == 0 ? -1 : Single(record, member, columns, ignoringCase, outcome);
        }

        var relaxed = Relaxed(name);
        return Single(record, member, columns, IndexOf(columns, c => Relaxed(c) == relaxed), outcome);
    }

    private static List<int> IndexOf(IReadOnlyList<string> columns, Func<string, bool> matches)
    {
        var found = new List<int>();
        for (var i = 0; i < columns.Count; i++)
        {
            if (matches(columns[i]))
            {
                found.Add(i);
            }
        }

        return found;
    }

    private static int Single(Type record, RecordMember member, IReadOnlyList<string> columns, List<int> candidates, ClickHouseOutcome outcome) => candidates.Count switch
    {
        0 => -1,
        1 => candidates[0],
        _ => throw new ClickHouseMappingException(
            $"{member.Describe(record)} matches the columns {string.Join(", ", candidates.Select(c => $"'{columns[c]}'"))}; name the one it means with [Column(\"...\")].",
            record, member.Name, null, outcome),
    };
}
