using Ja4Data.Types.Mapping;

namespace Ja4Data.Tests.Types.Mapping;

[TestFixture]
public sealed class RecordReaderTests
{
    private static readonly string[] HitNames = ["ts_ms", "src_ip", "status", "ja4", "latency_ms", "extra"];
    private static readonly string[] HitTypes = ["UInt64", "String", "UInt16", "Nullable(String)", "Float64", "String"];

    [Test]
    public void Read_RecordWithPrimaryConstructor_MapsSnakeCaseColumnsAndIgnoresExtraOnes()
    {
        using var block = MappingBlocks.Decode(HitNames, HitTypes, [1UL, "10.0.0.1", (ushort)200, "t13d", 1.5, "x"], [2UL, "10.0.0.2", (ushort)404, null, 0.25, "y"]);

        var hits = MappingBlocks.Read<Hit>(block);

        Assert.That(hits, Is.EqualTo(new[] { new Hit(1, "10.0.0.1", 200, "t13d", 1.5), new Hit(2, "10.0.0.2", 404, null, 0.25) }));
    }

    [Test]
    public void Read_ClassWithSetters_UsesColumnAttributeAndKeepsUnselectedMembers()
    {
        using var block = MappingBlocks.Decode(HitNames, HitTypes, [7UL, "::1", (ushort)500, null, 0.0, ""]);

        var hit = MappingBlocks.Read<HitClass>(block).Single();

        Assert.That((hit.TsMs, hit.Status, hit.Ip, hit.NotSelected), Is.EqualTo((7UL, 500, "::1", "kept")));
    }

    [Test]
    public void Read_PositionalPropertyWithColumnAttribute_TakesThatColumn()
    {
        using var block = MappingBlocks.Decode(["src_ip", "STATUS"], ["String", "Int32"], ["a", 3]);

        Assert.That(MappingBlocks.Read<Renamed>(block).Single(), Is.EqualTo(new Renamed("a", 3)));
    }

    [Test]
    public void Read_StructRecord_IsBuiltWithItsConstructor()
    {
        using var block = MappingBlocks.Decode(["x", "y"], ["Int8", "Int16"], [(sbyte)-1, (short)2]);

        Assert.That(MappingBlocks.Read<Point>(block).Single(), Is.EqualTo(new Point(-1, 2)));
    }

    [Test]
    public void Read_ConstructorParameterWithDefault_TakesTheDefaultWhenNoColumn()
    {
        using var block = MappingBlocks.Decode(["ts_ms"], ["UInt64"], [5UL]);

        Assert.That(MappingBlocks.Read<HitWithDefault>(block).Single(), Is.EqualTo(new HitWithDefault(5)));
    }

    [Test]
    public void Read_ConstructorParameterWithoutColumn_FailsNamingItAndTheColumns()
    {
        using var block = MappingBlocks.Decode(["ts_ms", "status"], ["UInt64", "UInt16"], [5UL, (ushort)1]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => MappingBlocks.Read<Hit>(block));

        Assert.That(ex!.Message, Does.Contain("Hit(SrcIp)").And.Contain("ts_ms, status"));
        Assert.That((ex.RecordType, ex.Member, ex.Column), Is.EqualTo((typeof(Hit), "SrcIp", (string?)null)));
    }

    [Test]
    public void Read_RequiredMemberWithoutColumn_Fails()
    {
        using var block = MappingBlocks.Decode(["name"], ["String"], ["n"]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => MappingBlocks.Read<RequiredMember>(block));

        Assert.That(ex!.Message, Does.Contain("RequiredMember.Id").And.Contain("required"));
    }

    [Test]
    public void Read_Conversions_FollowTheTypeTable()
    {
        string[] names = ["status", "bytes", "score", "method", "when", "when_offset", "codes", "tags", "longs", "flags", "raw", "host"];
        string[] types =
        [
            "UInt16", "Nullable(UInt32)", "Nullable(Float32)", "Enum8('get' = 1, 'POST' = 2, 'Delete' = 3)", "DateTime64(3, 'UTC')", "DateTime",
            "Array(UInt16)", "Array(LowCardinality(String))", "Array(Int32)", "Array(Nullable(UInt8))", "String", "LowCardinality(String)",
        ];
        var when = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
        using var block = MappingBlocks.Decode(
            names,
            types,
            [(ushort)65535, 4_000_000_000U, 0.5f, "get", when, when.AddMilliseconds(-123), (ushort[])[1, 2], (string[])["a", "b"], (int[])[-1, 1], (byte?[])[1, null], "xyz", "h1"],
            [(ushort)0, null, null, "Delete", when, when, Array.Empty<ushort>(), Array.Empty<string>(), Array.Empty<int>(), Array.Empty<byte?>(), string.Empty, "h1"]);

        var rows = MappingBlocks.Read<Typed>(block);

        var first = rows[0];
        Assert.That((first.Status, first.Bytes, first.Score, first.Method), Is.EqualTo((65535, 4_000_000_000L, (double?)0.5, Method.Get)));
        Assert.That((first.When, first.When.Kind, first.WhenOffset), Is.EqualTo((when, DateTimeKind.Utc, new DateTimeOffset(when.AddMilliseconds(-123)))));
        Assert.That(first.Codes, Is.EqualTo((int[])[1, 2]));
        Assert.That(first.Tags, Is.EqualTo((string[])["a", "b"]).And.InstanceOf<List<string>>());
        Assert.That(first.Longs, Is.EqualTo(new[] { -1L, 1L }));
        Assert.That(first.Flags, Is.EqualTo(new byte?[] { 1, null }));
        Assert.That(first.Raw, Is.EqualTo("xyz"u8.ToArray()));
        Assert.That((rows[1].Bytes, rows[1].Score, rows[1].Method, rows[1].Codes.Length, rows[1].Tags.Count), Is.EqualTo(((long?)null, (double?)null, Method.Delete, 0, 0)));
        Assert.That(rows[1].Host, Is.SameAs(first.Host), "a LowCardinality key is converted once per block");
    }

    [Test]
    public void Read_ValueOutOfTheMembersRange_FailsNamingRowColumnMemberAndTypes()
    {
        using var block = MappingBlocks.Decode(["x", "y"], ["Int64", "Int64"], [1L, 2L], [3L, 5_000_000_000L]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => MappingBlocks.Read<Point>(block));

        Assert.That(ex!.Message, Does.Contain("Row 1").And.Contain("column 'y' (Int64)").And.Contain("Point(Y) (int)").And.Contain("5000000000"));
        Assert.That((ex.Column, ex.Member, ex.Outcome), Is.EqualTo(("y", "Y", ClickHouseOutcome.Failed)));
    }

    [Test]
    public void Read_NullIntoANonNullableMember_FailsSayingHowToTakeNulls()
    {
        using var block = MappingBlocks.Decode(["x", "y"], ["Int32", "Nullable(Int32)"], [1, 2], [3, null]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => MappingBlocks.Read<Point>(block));

        Assert.That(ex!.Message, Does.Contain("Row 1").And.Contain("NULL").And.Contain("int?"));
    }

    [Test]
    public void Read_ColumnThatCannotBecomeTheMembersType_FailsBeforeAnyRow()
    {
        using var block = MappingBlocks.Decode(["x", "y"], ["String", "Int32"], ["a", 1]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => RecordMaps.Reader<Point>(block.Columns));

        Assert.That(ex!.Message, Does.Contain("Column 'x' (String) cannot be mapped to Point(X) (int)"));
    }

    [Test]
    public void Read_EnumLabelThatIsNoName_FailsNamingTheNames()
    {
        using var block = MappingBlocks.Decode(["method"], ["Enum8('PUT' = 1)"], ["PUT"]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => MappingBlocks.Read<Method>(block));

        Assert.That(ex!.Message, Does.Contain("'PUT' is not a name of the enum Method").And.Contain("Delete, Get, Post"));
    }

    [Test]
    public void Read_TwoColumnsMatchingOneMember_AreAmbiguous()
    {
        using var block = MappingBlocks.Decode(["user_id", "USER_ID", "userid_"], ["String", "String", "String"], ["a", "b", "c"]);

        var ex = Assert.Throws<ClickHouseMappingException>(() => MappingBlocks.Read<Ambiguous>(block));

        Assert.That(ex!.Message, Does.Contain("'user_id'").And.Contain("'USER_ID'").And.Contain("'userid_'").And.Contain("[Column("));
    }

    [Test]
    public void Read_ScalarType_ReadsTheFirstColumn()
    {
        using var block = MappingBlocks.Decode(["c", "other"], ["Nullable(UInt8)", "String"], [(byte)7, "x"], [null, "y"]);

        using var counts = MappingBlocks.Decode(["c"], ["UInt32"], [9U]);

        Assert.That(MappingBlocks.Read<int?>(block), Is.EqualTo(new int?[] { 7, null }));
        Assert.That(MappingBlocks.Read<long>(counts), Is.EqualTo((long[])[9L]));
    }

    [Test]
    public void Read_ValueTypeRecords_AllocateNothingPerRow()
    {
        const int rows = 20_000;
        // Conversions (UInt16 and Nullable(Int8) into int) through the compiled loop, unboxed.
        var values = Enumerable.Range(0, rows).Select(i => new object?[] { (ushort)(i % 60_000), (sbyte)(i % 100) }).ToArray();
        using var block = MappingBlocks.Decode(["x", "y"], ["UInt16", "Nullable(Int8)"], values);
        var reader = RecordMaps.Reader<Point>(block.Columns);
        var output = new Point[rows];
        reader.Read(block, 0, output); // compiled delegates and column readers warmed up

        var before = GC.GetAllocatedBytesForCurrentThread();
        reader.Read(block, 0, output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{allocated} bytes allocated reading {rows} records");
        // A boxed value would be 24 bytes per row and member (960 KB here); what is left is per block.
        Assert.That(allocated, Is.LessThan(rows / 10));
        Assert.That(output[rows - 1], Is.EqualTo(new Point((rows - 1) % 60_000, (rows - 1) % 100)));
    }

    [Test]
    public void Reader_IsCompiledOncePerTypeAndColumns()
    {
        using var first = MappingBlocks.Decode(["x", "y"], ["Int32", "Int32"], [1, 2]);
        using var second = MappingBlocks.Decode(["x", "y"], ["Int32", "Int32"], [3, 4]);
        using var other = MappingBlocks.Decode(["x", "y"], ["Int32", "Int64"], [3, 4L]);

        Assert.That(RecordMaps.Reader<Point>(first.Columns), Is.SameAs(RecordMaps.Reader<Point>(second.Columns)));
        Assert.That(RecordMaps.Reader<Point>(first.Columns), Is.Not.SameAs(RecordMaps.Reader<Point>(other.Columns)));
    }
}
