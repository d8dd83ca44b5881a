using System.Text;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// Hostile Native-format bytes through <see cref="NativeFormat.ReadBlocks(Stream)"/>: every count or size on the wire
/// that would let a few bytes claim gigabytes ends as a protocol error, within seconds and within a few MiB.
/// </summary>
[TestFixture]
[NonParallelizable] // measures the process's allocations
public sealed class HostileNativeFormatTests
{
    private static Task<List<QueryResult>> Read(byte[] bytes) => Task.Run(() => NativeFormat.ReadBlocks(new MemoryStream(bytes)).ToList());

    // One column: name, type, then whatever the test puts after the header.
    private static WireBytes Column(string type, ulong rows) => new WireBytes().Var(1).Var(rows).Str("c").Str(type);

    [Test]
    public void ArrayOffset_Near2Pow31Elements_IsAProtocolError_WithoutAllocatingTheElements()
    {
        // 27 bytes that claim 2^31 - 57 UInt256 elements (64 GiB).
        var bytes = Column("Array(UInt256)", 1).UInt64((1UL << 31) - 57).ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [Test]
    public void MapOffset_Near2Pow31Entries_IsAProtocolError_WithoutAllocatingTheEntries()
    {
        var bytes = Column("Map(String, UInt64)", 1).UInt64((1UL << 31) - 57).ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [TestCase("UInt64")]
    [TestCase("UInt256")]
    [TestCase("String")]
    [TestCase("FixedString(16)")]
    [TestCase("Nullable(UInt8)")]
    [TestCase("Array(UInt8)")]
    [TestCase("Nothing")]
    [TestCase("Tuple()")]
    [TestCase("Tuple(a UInt8, b String)")]
    public void HundredMillionRows_WithoutTheirData_IsAProtocolError_WithinAFewMiB(string type)
    {
        var bytes = Column(type, HostilePeer.HundredMillion).Hex("01 02 03 04 05 06 07 08").ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [Test]
    public void Variant_HundredMillionDiscriminatorsAnnounced_IsAProtocolError_WithinAFewMiB()
    {
        var bytes = Column("Variant(String, UInt64)", HostilePeer.HundredMillion).UInt64(0).Hex("00 01 00").ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [Test]
    public void LowCardinality_HundredMillionKeysAnnounced_IsAProtocolError_WithinAFewMiB()
    {
        var bytes = Column("LowCardinality(String)", 1)
            .UInt64(1) // key version
            .UInt64(0x200) // UInt8 indexes, additional keys
            .UInt64(HostilePeer.HundredMillion) // dictionary size
            .Str("x")
            .ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [Test]
    public void LowCardinality_HundredMillionUInt64Indexes_IsAProtocolError_WithinAFewMiB()
    {
        var bytes = Column("LowCardinality(String)", HostilePeer.HundredMillion)
            .UInt64(1)
            .UInt64(0x203) // UInt64 indexes, additional keys
            .UInt64(1).Str("x")
            .UInt64(HostilePeer.HundredMillion) // index count
            .UInt64(0)
            .ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [Test]
    public void LowCardinality_IndexBeyondTheDictionary_IsAProtocolError()
    {
        var bytes = Column("LowCardinality(String)", 1).UInt64(1).UInt64(0x200).UInt64(1).Str("x").UInt64(1).Byte(7).ToArray();

        Assert.That(Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB).Message, Does.Contain("index 7"));
    }

    [Test]
    public void MillionColumnsAnnounced_IsAProtocolError_WithoutAllocatingThem()
    {
        var bytes = new WireBytes().Var(1_000_000).Var(1).Str("c").Str("UInt8").Byte(1).ToArray();

        Bounded.ProtocolError(() => Read(bytes), 2 * Bounded.MiB);
    }

    [Test]
    public void GibibyteStringLengthAnnounced_IsAProtocolError_WithoutAllocatingIt()
    {
        var bytes = new WireBytes().Var(1).Var(1).Var(1UL << 30).Hex("41 42 43").ToArray();

        Bounded.ProtocolError(() => Read(bytes), 2 * Bounded.MiB);
    }

    [Test]
    public void JsonWithAMillionDynamicPathsAnnounced_IsAProtocolError_WithoutAllocatingThem()
    {
        var bytes = Column("JSON", 1).UInt64(2).Var(1_000_000).Str("a").ToArray();

        Bounded.ProtocolError(() => Read(bytes), 2 * Bounded.MiB);
    }

    [TestCase("FixedString(-1)")]
    [TestCase("FixedString(0)")]
    [TestCase("FixedString(99999999999)")]
    [TestCase("FixedString(1000000000)")]
    [TestCase("DateTime64(-3)")]
    [TestCase("Decimal(4294967305, 2)")]
    [TestCase("Enum8('a' = 1000)")]
    [TestCase("Nullable(Nullable(UInt8))")]
    public void ImpossibleTypeArguments_AreAProtocolError(string type)
    {
        var bytes = Column(type, 1).Hex("00 00 00 00 00 00 00 00").ToArray();

        Bounded.ProtocolError(() => Read(bytes), 16 * Bounded.MiB);
    }

    [Test]
    public void TypeNestedTenThousandDeep_IsAProtocolError_NotAStackOverflow()
    {
        var type = string.Concat(Enumerable.Repeat("Array(", 10_000)) + "UInt8" + new string(')', 10_000);
        var bytes = Column(type, 1).UInt64(0).ToArray();

        Assert.That(Bounded.ProtocolError(() => Read(bytes), 64 * Bounded.MiB).Message, Does.Contain("nested deeper"));
    }

    [Test]
    public void DynamicTypesNestedWithoutEnd_AreAProtocolError_NotAStackOverflow()
    {
        // Flattened Dynamic whose one type is Array(Dynamic), whose one type is Array(Dynamic), ... 100,000 levels:
        // only the prefixes, each read before the next, so recursion would follow the wire as deep as it goes.
        var bytes = Column("Dynamic", 1);
        for (var i = 0; i < 100_000; i++)
        {
            bytes.UInt64(3).Var(1).Str("Array(Dynamic)");
        }

        var input = bytes.ToArray();
        Assert.That(Bounded.ProtocolError(() => Read(input), 64 * Bounded.MiB).Message, Does.Contain("nested deeper"));
    }

    [Test]
    public void DynamicTypesNestedALittle_StillDecode()
    {
        // Dynamic -> Array(Dynamic) -> Int8: one row holding [5].
        var bytes = Column("Dynamic", 1)
            .UInt64(3).Var(1).Str("Array(Dynamic)") // outer prefix: one type
            .UInt64(3).Var(1).Str("Int8") // inner prefix (the array's elements)
            .Byte(0) // outer discriminator: Array(Dynamic)
            .UInt64(1) // array end offset
            .Byte(0) // inner discriminator: Int8
            .Byte(5)
            .ToArray();

        var rows = NativeFormat.ReadBlocks(new MemoryStream(bytes)).Single().ResultRows;
        Assert.That(rows[0][0], Is.EqualTo(new object[] { (sbyte)5 }));
    }

    [Test]
    public void BlockLargerThanMaxBlockBytes_IsAProtocolError_ThatNamesTheSetting()
    {
        var value = new string('x', 3 << 20);
        using var stream = new MemoryStream();
        NativeFormat.WriteBlock(stream, ["s"], ["String"], [[value]]);
        var bytes = stream.ToArray();

        Assert.That(NativeFormat.ReadBlocks(new MemoryStream(bytes), maxBlockBytes: 4 << 20).Single().ResultRows[0][0], Is.EqualTo(value));
        var error = Bounded.ProtocolError(() => Task.Run(() => NativeFormat.ReadBlocks(new MemoryStream(bytes), maxBlockBytes: 2 << 20).ToList()), 32 * Bounded.MiB);
        Assert.That(error.Message, Does.Contain("MaxBlockBytes").And.Contain("CLICKHOUSE_MAX_BLOCK_BYTES"));
    }

    [Test]
    public void LargeColumns_ThatOutgrowTheUpFrontAllowance_DecodeExactly()
    {
        // 300,000 rows: most columns are larger than what the reader may reserve before their bytes arrive, so they
        // take the grow-as-it-arrives path; the values must come out the same.
        const int rows = 300_000;
        string[] names = ["u", "s", "lc", "n", "a", "f", "v"];
        string[] types = ["UInt64", "String", "LowCardinality(String)", "Nullable(UInt32)", "Array(UInt8)", "FixedString(3)", "Variant(String, UInt64)"];
        var input = Enumerable.Range(0, rows).Select(i => (object?[])
        [
            (ulong)i * 7919,
            i % 5 == 0 ? string.Empty : "s" + i,
            "k" + (i % 300),
            i % 3 == 0 ? null : (uint)i,
            Enumerable.Range(0, i % 4).Select(j => (byte)(i + j)).ToArray(),
            new[] { (byte)i, (byte)(i >> 8), (byte)(i >> 16) },
            i % 2 == 0 ? "v" + i : (ulong)i,
        ]).ToArray();
        using var stream = new MemoryStream();
        NativeFormat.WriteBlock(stream, names, types, input);

        var output = NativeFormat.ReadBlocks(new MemoryStream(stream.ToArray())).Single().ResultRows;

        Assert.That(output, Has.Count.EqualTo(rows));
        for (var i = 0; i < rows; i++)
        {
            Assert.That(output[i], Is.EqualTo(input[i]), $"row {i}");
        }
    }

    [Test]
    public void InvalidUtf8InAString_IsReadLeniently()
    {
        var bytes = Column("String", 1).Var(2).Hex("C3 28").ToArray();

        Assert.That(NativeFormat.ReadBlocks(new MemoryStream(bytes)).Single().ResultRows[0][0], Is.EqualTo(Encoding.UTF8.GetString([0xC3, 0x28])));
    }
}
