using Ja4Data.Types;
using Ja4Data.Types.Mapping;

namespace Ja4Data.Tests.Types.Mapping;

[TestFixture]
public sealed class RecordWriterTests
{
    private static readonly string[] TypedNames = ["status", "bytes", "score", "method", "when", "when_offset", "codes", "tags", "longs", "flags", "raw", "host"];

    private static readonly string[] TypedTypes =
    [
        "UInt16", "Nullable(UInt32)", "Nullable(Float32)", "Enum8('get' = 1, 'Post' = 2, 'gone' = 3)", "DateTime64(3, 'UTC')", "DateTime",
        "Array(UInt16)", "Array(LowCardinality(String))", "Array(Int32)", "Array(Nullable(UInt8))", "String", "LowCardinality(Nullable(String))",
    ];

    private static readonly string[] IngestNames = ["ts_ms", "host", "status", "bytes", "method", "when", "ja4", "score"];

    private static readonly string[] IngestTypes = ["UInt64", "LowCardinality(String)", "UInt16", "Nullable(UInt32)", "Enum8('Get' = 1, 'Post' = 2, 'Delete' = 3)", "DateTime", "String", "Float64"];

    private static readonly DateTime When = new(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);

    private static readonly DateTime WholeSeconds = new(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    [Test]
    public void AppendRecord_ThenDecode_GivesTheRecordsBack()
    {
        Typed[] records =
        [
            new(65535, 4_000_000_000, 0.5, Method.Post, When, new DateTimeOffset(When.AddMilliseconds(-123)), [1, 2], ["a", "b"], [-1, 1], [1, null], [1, 2, 3], "h1"),
            new(0, null, null, Method.Get, When, new DateTimeOffset(When.AddMilliseconds(-123)), [], [], [], [], [], "h1"),
        ];
        using var header = MappingBlocks.Header(TypedNames, TypedTypes);
        using var buffer = new BlockBuffer(header);
        var writer = RecordMaps.Writer<Typed>(header.Columns);
        for (var i = 0; i < records.Length; i++)
        {
            buffer.AppendRecord(writer, records[i], i);
        }

        using var decoded = MappingBlocks.RoundTrip(buffer);
        var back = MappingBlocks.Read<Typed>(decoded);

        Assert.That(back.Select(Flatten), Is.EqualTo(records.Select(Flatten)));
        Assert.That(decoded.Columns[3].Data!.GetValue(0), Is.EqualTo("Post"), ".NET enums go by name, and by number where the name is no label");
        Assert.That(decoded.Columns[3].Data!.GetValue(1), Is.EqualTo("get"));
    }

    [Test]
    public void AppendRecord_DateTime64Nanoseconds_TakesInstantsAndExactValuesBothWays()
    {
        // 89 ns past a 100 ns tick: kept by the exact member, truncated toward the past for DateTime.
        var exact = new ClickHouseDateTime64(((When - DateTime.UnixEpoch).Ticks * 100) + 89, 9);
        Instants[] records = [new(When, exact, new DateTimeOffset(When), DateOnly.FromDateTime(When))];
        string[] names = ["at", "exact", "offset", "day"];
        using var header = MappingBlocks.Header(names, [.. names.Select(_ => "DateTime64(9, 'UTC')")]);
        using var buffer = new BlockBuffer(header);
        buffer.AppendRecord(RecordMaps.Writer<Instants>(header.Columns), records[0], 0);

        using var decoded = MappingBlocks.RoundTrip(buffer);

        Assert.That(decoded.Columns[1].Data!.GetValue(0), Is.EqualTo(exact));
        Assert.That(MappingBlocks.Read<Instants>(decoded), Is.EqualTo(records));
        Assert.That(MappingBlocks.Read<DateTime>(decoded).Single(), Is.EqualTo(When));
    }

    [Test]
    public void ChooseColumns_LeavesColumnsWithoutMemberOut()
    {
        string[] table = ["ts_ms", "src_ip", "status", "ja4", "latency_ms", "inserted_at", "host"];

        Assert.That(RecordWriter<Hit>.ChooseColumns(table, "db.t"), Is.EqualTo((string[])["ts_ms", "src_ip", "status", "ja4", "latency_ms"]));
    }

    [Test]
    public void ChooseColumns_MemberWithoutColumn_FailsNamingEveryOne()
    {
        var ex = Assert.Throws<ClickHouseMappingException>(() => RecordWriter<Hit>.ChooseColumns(["ts_ms", "status"], "db.t"));

        Assert.That(ex!.Message, Does.Contain("Hit.SrcIp, Hit.Ja4, Hit.LatencyMs have no column in db.t").And.Contain("[NotMapped]"));
        Assert.That(ex.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
    }

    [Test]
    public void ChooseColumns_NotMappedMember_IsLeftOut()
        => Assert.That(RecordWriter<HitClass>.ChooseColumns(["ts_ms", "status", "src_ip", "not_selected"], "t"), Is.EqualTo((string[])["ts_ms", "status", "src_ip", "not_selected"]));

    [Test]
    public void AppendRecord_BadValue_FailsNamingColumnRowAndMember_AndRollsTheRowBack()
    {
        using var header = MappingBlocks.Header(TypedNames, TypedTypes);
        using var buffer = new BlockBuffer(header);
        var writer = RecordMaps.Writer<Typed>(header.Columns);
        var good = new Typed(1, 2, 3, Method.Get, When, new DateTimeOffset(When), [1], ["t"], [1], [1], [], "h");
        buffer.AppendRecord(writer, good, 0);

        var ex = Assert.Throws<ClickHouseDataException>(() => buffer.AppendRecord(writer, good with { Codes = [1, 70_000] }, 1));

        Assert.That((ex!.Column, ex.RowIndex, ex.ExpectedType), Is.EqualTo(("codes", 1L, "Array(UInt16)")));
        Assert.That(ex.Message, Does.Contain("Typed.Codes").And.Contain("element 1").And.Contain("70000"));
        Assert.That(buffer.RowCount, Is.EqualTo(1));
        Assert.That(buffer.Builders.Select(b => b.Count), Is.All.EqualTo(1), "every column rolled back to the last whole row");

        var ex2 = Assert.Throws<ClickHouseDataException>(() => buffer.AppendRecord(writer, good with { Status = -1 }, 2));
        Assert.That((ex2!.Column, ex2.ValueType), Is.EqualTo(("status", typeof(int))));

        buffer.AppendRecord(writer, good with { Host = null! }, 3);
        using var decoded = MappingBlocks.RoundTrip(buffer);
        Assert.That(MappingBlocks.Read<Typed>(decoded).Select(r => (r.Codes.Length, r.Host)), Is.EqualTo(new[] { (1, "h"), (1, (string?)null) }));
    }

    [Test]
    public void AppendRecord_NullIntoANonNullableColumn_IsRefused()
    {
        using var header = MappingBlocks.Header(IngestNames, IngestTypes);
        using var buffer = new BlockBuffer(header);
        var writer = RecordMaps.Writer<Ingest>(header.Columns);

        var ex = Assert.Throws<ClickHouseDataException>(() => buffer.AppendRecord(writer, Ingest(0) with { Ja4 = null! }, 0));

        Assert.That(ex!.Column, Is.EqualTo("ja4"));
        Assert.That(ex.Message, Does.Contain("NULL is not allowed").And.Contain("Ingest.Ja4"));
    }

    [Test]
    public void Writer_ForAHeaderColumnWithoutMember_Fails()
    {
        using var header = MappingBlocks.Header(["ts_ms", "nope"], ["UInt64", "String"]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => RecordMaps.Writer<HitWithDefault>(header.Columns));

        Assert.That(ex!.Message, Does.Contain("Column 'nope' of the insert has no member in HitWithDefault"));
    }

    [Test]
    public void AppendRecord_ValueTypesAndStrings_AllocatesNothingPerRow()
    {
        const int rows = 20_000;
        using var header = MappingBlocks.Header(IngestNames, IngestTypes);
        using var buffer = new BlockBuffer(header);
        var writer = RecordMaps.Writer<Ingest>(header.Columns);
        var records = Enumerable.Range(0, rows).Select(Ingest).ToArray();
        Fill(buffer, writer, records); // builders grow to their size once; the next block reuses them
        buffer.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Fill(buffer, writer, records);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{allocated} bytes allocated appending {rows} records");
        // A boxed member would be 24 bytes per row and value (480 KB here); the per-block LowCardinality dictionary
        // is reused, so nothing grows with the row count.
        Assert.That(allocated, Is.LessThan(rows / 10));
        using var decoded = MappingBlocks.RoundTrip(buffer);
        Assert.That(MappingBlocks.Read<Ingest>(decoded), Is.EqualTo(records));
    }

    private static void Fill(BlockBuffer buffer, RecordWriter<Ingest> writer, Ingest[] records)
    {
        for (var i = 0; i < records.Length; i++)
        {
            buffer.AppendRecord(writer, records[i], i);
        }
    }

    private static Ingest Ingest(int i) => new(
        (ulong)i, $"host{i % 7}", (ushort)(200 + (i % 300)), i % 5 == 0 ? null : i, (Method)(i % 3), WholeSeconds.AddSeconds(i), $"t13d{i % 11}", i / 8.0);

    private static string Flatten(Typed t) => string.Join(
        "|",
        t.Status, t.Bytes, t.Score, t.Method, t.When.ToString("O"), t.WhenOffset.ToString("O"), string.Join(",", t.Codes), string.Join(",", t.Tags),
        string.Join(",", t.Longs), string.Join(",", t.Flags), Convert.ToHexString(t.Raw), t.Host);
}

public sealed record Ingest(ulong TsMs, string Host, ushort Status, int? Bytes, Method Method, DateTime When, string Ja4, double Score);

public sealed record Instants(DateTime At, ClickHouseDateTime64 Exact, DateTimeOffset Offset, DateOnly Day);
