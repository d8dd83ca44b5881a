using Ja4Data.Core.Inserts;
using Ja4Data.LocalServer.ChDb;
using Ja4Data.Sql;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Tests.Conformance;

/// <summary>
/// chDB (ClickHouse 26.7), which reads data written in an INSERT's SQL itself, as the oracle for the client-side
/// path: the same statement goes once to chDB as written and once through Ja4Data's reading and conversion, sent to
/// chDB as Native blocks; both tables must then hold the same rows. Covers the types servers of every age have and
/// those only current ones have (Map, Bool, DateTime64, IPv4/IPv6, wide integers, LowCardinality).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InlineInsertChDbTests
{
    private const string Columns =
        "id UInt32, i8 Int8, u64 UInt64, i128 Int128, f32 Float32, f64 Float64, d92 Decimal(9, 2), d3810 Decimal(38, 10), "
        + "s String, fs FixedString(4), d Date, d32 Date32, dt DateTime, dtz DateTime('Asia/Tokyo'), dt3 DateTime64(3), dt6 DateTime64(6, 'UTC'), "
        + "b Bool, e8 Enum8('a' = 1, 'b' = -2), u UUID, ip4 IPv4, ip6 IPv6, n Nullable(Int32), lc LowCardinality(String), "
        + "arr Array(Nullable(String)), nested Array(Array(UInt8)), tup Tuple(UInt8, String), m Map(String, Array(UInt16))";

    private const string RowA =
        "(1, -128, 18446744073709551615, -170141183460469231731687303715884105728, 1.5, -2.5e-3, 1.25, -12345678901234567890.0123456789, "
        + @"'a\\b\'c''d\n\t\0\x41\xCE\xB1é😀', 'ab', '2024-01-02', '1900-01-01', '2024-01-02 03:04:05', '2024-01-02 03:04:05', "
        + "'2024-01-02 03:04:05.678', '2024-01-02 03:04:05.123456', true, 'b', '61f0c404-5cb3-11e7-907b-a6006ad3dba0', '1.2.3.4', '2001:db8::1', "
        + "NULL, 'low', ['x', NULL, ''], [[1, 2], []], (7, 'tup'), {'k': [1, 2], 'e': []})";

    private const string RowB =
        "(2, 0x7f, 0b101, 1_000, inf, nan, '-0.5', 0, $$here'doc$$, x'41424344', 19000, '2299-12-31', 1700000000, 0, 1700000000123, 1700000000.5, "
        + "'false', 1, '61f0c4045cb311e7907ba6006ad3dba0', 16909060, '::ffff:1.2.3.4', -5, '', [], [[255]], (0, ''), {})";

    private static readonly string[] Statements =
    [
        $"VALUES {RowA}, {RowB}",
        $"VALUES\n  {RowB}\n  {RowA};",
        "(id, s, n, arr) FORMAT TabSeparated\n3\ttab\\there\\\\\t\\N\t['q','r\\'s']\n4\t\t7\t[]\n",
        "(id, s, n, m) FORMAT CSV\n5,\"quote\"\"d, comma\",\\N,\"{'a':[1]}\"\n6,plain,8,{}\n",
        "(id, s, d, dt3, b, m) FORMAT JSONEachRow\n{\"id\": 7, \"s\": \"j\\u00e9\\n\", \"d\": \"2024-05-06\", \"dt3\": \"2024-05-06 07:08:09.010\", \"b\": true, \"m\": {\"x\": [3]}}\n"
            + "{\"id\": 8, \"s\": \"\", \"d\": \"2024-05-07\", \"dt3\": \"2024-05-07 00:00:00.25\", \"b\": false, \"m\": {}}",
        "(id, s, n) VALUES (9, DEFAULT, 1), (10, DEFAULT, 2)",
    ];

    private ChDbSession _chdb = null!;
    private string _db = null!;

    [SetUp]
    public void SetUp()
    {
        _chdb = ChDbRequirement.Shared;
        _db = ChDbRequirement.UniqueName("inline");
        _chdb.QueryText($"CREATE DATABASE {_db}");
        _chdb.QueryText($"CREATE TABLE {_db}.server ({Columns}) ENGINE = Memory");
        _chdb.QueryText($"CREATE TABLE {_db}.client ({Columns}) ENGINE = Memory");
    }

    [TearDown]
    public void TearDown() => _chdb.QueryText($"DROP DATABASE IF EXISTS {_db} SYNC");

    [TestCaseSource(nameof(Statements))]
    public void ClientSideReading_StoresWhatTheServerStoresFromTheSameSql(string statement)
    {
        _chdb.QueryText($"INSERT INTO {_db}.server {statement}");
        InsertThroughJa4Data($"INSERT INTO {_db}.client {statement}");

        var order = "ORDER BY id SETTINGS session_timezone = 'UTC'";
        var server = _chdb.QueryText($"SELECT * FROM {_db}.server {order}");
        Assert.That(server, Is.Not.Empty);
        Assert.That(_chdb.QueryText($"SELECT * FROM {_db}.client {order}"), Is.EqualTo(server));
    }

    // What InlineInsertRunner does up to the blocks, with chDB's columns as the header and chDB as the receiver.
    private void InsertThroughJa4Data(string sql)
    {
        var inline = InlineInsert.Find(sql)!;
        var header = _chdb.QueryText($"SELECT name, type FROM system.columns WHERE database = '{_db}' AND table = 'client' ORDER BY position", "TSVRaw")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(parts => (Name: parts[0], Type: parts[1]))
            .ToList();
        var listed = inline.ColumnListEnd > inline.TableEnd
            ? sql[inline.TableEnd..inline.ColumnListEnd].Trim(' ', '(', ')').Split(',').Select(c => c.Trim()).ToList()
            : null;
        var columns = (listed is null ? header : listed.Select(name => header.Single(h => h.Name == name)).ToList())
            .Select(c => (c.Name, ColumnCodecFactory.Get(c.Type).Type))
            .ToList();

        var rows = new InlineRows(sql, columns, InlineInsertRunner.ReadRows(sql, inline, [], columns));
        rows.Convert(new LiteralContext(ValueConvert.TimeZone("UTC")));
        Assert.That(rows.Expressions, Is.Empty, "the cases hold literals only");
        var kept = Enumerable.Range(0, columns.Count).Where(c => !rows.Omitted.Contains(c)).ToList();
        using var native = new MemoryStream();
        NativeFormat.WriteBlock(native, [.. kept.Select(c => columns[c].Name)], [.. kept.Select(c => columns[c].Item2.ToString())], rows.Project(kept));
        var target = $"INSERT INTO {_db}.client ({string.Join(", ", kept.Select(c => columns[c].Name))})";
        Assert.That(_chdb.Insert(target, native.ToArray()), Is.EqualTo(rows.Values.Length));
    }
}
