using Ja4Data.Protocol;
using Ja4Data.Sql;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Ado;

// @name parameters through the command's own binding: the server-side form (the rewritten SQL, each value handed over
// by SET param_x = '...') and the literal form older servers get. Each case checks the inferred type and the value.
public sealed partial class ParameterTextFormChDbTests
{
    /// <summary>Runs the command as the server at <paramref name="revision"/> would get it; the first value as text.</summary>
    private string Run(ClickHouseCommand command, int revision)
    {
        var request = command.BuildRequest(revision);
        var sets = string.Concat((request.Parameters ?? new Dictionary<string, string>()).Select(p => $"SET param_{p.Key} = {ClickHouseLiteral.Quote(p.Value)}; "));
        return _chdb.QueryText(sets + request.Sql, "TabSeparatedRaw").TrimEnd('\n');
    }

    private static ClickHouseCommand Command(string sql, ClickHouseParameter parameter)
    {
        var command = new ClickHouseCommand(sql);
        command.Parameters.Add(parameter);
        return command;
    }

    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.AtNames))]
    public void ServerSide_InfersTheTypeAndParsesTheValue(ClickHouseParameter parameter, string type, string olderServerType, string check, string olderServerCheck)
    {
        var command = Command($"SELECT toTypeName(@p), {check.Replace("{v}", "@p", StringComparison.Ordinal)}", parameter);
        Assert.That(Run(command, ProtocolRevision.Current), Is.EqualTo($"{type}\t1").Or.EqualTo($"{type}\ttrue"), command.BuildRequest(ProtocolRevision.Current).Sql);
    }

    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.AtNames))]
    public void Literal_ForOlderServers_InfersTheirTypeAndParsesTheValue(ClickHouseParameter parameter, string type, string olderServerType, string check, string olderServerCheck)
    {
        var command = Command($"SELECT toTypeName(@p), {olderServerCheck.Replace("{v}", "@p", StringComparison.Ordinal)}", parameter);
        Assert.That(Run(command, ProtocolRevision.Oldest), Is.EqualTo($"{olderServerType}\t1").Or.EqualTo($"{olderServerType}\ttrue"), command.BuildRequest(ProtocolRevision.Oldest).Sql);
    }

    private static IEnumerable<TestCaseData> Lists()
    {
        yield return new TestCaseData(new List<ushort> { 1, 3 }, "1,3", "0,2,4,5");
        yield return new TestCaseData(new[] { 5L }, "5", "0,1,2,3,4");
        yield return new TestCaseData(Array.Empty<int>(), "", "0,1,2,3,4,5");
        yield return new TestCaseData(new[] { 0.0, 2.0, 99.5 }, "0,2", "1,3,4,5");
        yield return new TestCaseData(new[] { 4m, 1.50m }, "4", "0,1,2,3,5");
        yield return new TestCaseData(new[] { "2", "x'" }, "2", "0,1,3,4,5");
    }

    [TestCaseSource(nameof(Lists))]
    public void InList_FiltersByTheElements_OnBothForms(object list, string inside, string outside)
    {
        foreach (var revision in (int[])[ProtocolRevision.Current, ProtocolRevision.Oldest])
        {
            var left = list switch { string[] => "toString(number)", decimal[] => "toDecimal64(number, 2)", _ => "number" };
            var command = Command($"SELECT arrayStringConcat(groupArray(toString(number)), ',') FROM numbers(6) WHERE {left} IN @codes", new ClickHouseParameter("codes", list));
            Assert.That(Run(command, revision), Is.EqualTo(inside), $"{revision}: {command.BuildRequest(revision).Sql}");
            command.CommandText = command.CommandText.Replace(" IN ", " NOT IN ", StringComparison.Ordinal);
            Assert.That(Run(command, revision), Is.EqualTo(outside), $"{revision}: {command.BuildRequest(revision).Sql}");
        }
    }
}
