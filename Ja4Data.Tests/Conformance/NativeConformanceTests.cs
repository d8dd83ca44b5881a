using System.Text;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Tests.Conformance;

/// <summary>
/// chDB (ClickHouse 26.7) as the oracle: decode its Native output, compare with its own TSV rendering, re-encode
/// with Ja4Data and have chDB read that back to the same TSV.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativeConformanceTests
{
    // Deterministic block order, and the text serializations of JSON and Dynamic that Ja4Data reads.
    private const string Settings = "max_threads = 1, output_format_native_write_json_as_string = 1, output_format_native_use_flattened_dynamic_and_json_serialization = 1";

    private static IEnumerable<TestCaseData> Cases => ConformanceCases.All.Select(c => new TestCaseData(c.Sql).SetName("Conformance_" + c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Query_DecodesAsChDbRendersIt_AndReencodesIdentically(string sql)
    {
        var oracle = ChDbRequirement.Shared;

        var query = WithSettings(sql);
        var expected = Encoding.UTF8.GetString(oracle.QueryBytes(query, "TSV"));
        var blocks = NativeFormat.ReadBlocks(new MemoryStream(oracle.QueryBytes(query, "Native"))).ToList();

        Assert.That(Render(blocks), Is.EqualTo(expected), "decoded values rendered as ClickHouse text");
        if (blocks.Count == 0)
        {
            Assert.That(expected, Is.Empty);
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"ja4data-conformance-{Guid.NewGuid():N}.native");
        try
        {
            using (var file = File.Create(path))
            {
                foreach (var block in blocks)
                {
                    NativeFormat.WriteBlock(file, block.ColumnNames, block.ColumnTypes, block.ResultRows);
                }
            }

            var reread = Encoding.UTF8.GetString(oracle.QueryBytes($"SELECT * FROM file('{path}', Native) SETTINGS {Settings}", "TSV"));
            Assert.That(reread, Is.EqualTo(expected), "chDB reading Ja4Data's re-encoding");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Adds the suite's settings that the case does not set itself.
    internal static string WithSettings(string sql)
    {
        var extra = string.Join(", ", Settings.Split(", ").Where(s => !sql.Contains(s.Split(' ')[0], StringComparison.Ordinal)));
        return extra.Length == 0 ? sql : sql.Contains(" SETTINGS ", StringComparison.Ordinal) ? $"{sql}, {extra}" : $"{sql} SETTINGS {extra}";
    }

    private static string Render(List<QueryResult> blocks)
    {
        var sb = new StringBuilder();
        foreach (var block in blocks)
        {
            var codecs = block.ColumnTypes.Select(ColumnCodecFactory.Get).ToList();
            foreach (var row in block.ResultRows)
            {
                sb.Append(ClickHouseText.Row(codecs, row)).Append('\n');
            }
        }

        return sb.ToString();
    }
}
