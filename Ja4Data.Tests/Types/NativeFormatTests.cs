using System.Net;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class NativeFormatTests
{
    private static readonly string[] Names = ["id", "name", "tags", "ip", "lc", "when", "amount", "pair", "attrs", "v"];

    private static readonly string[] Types =
    [
        "UInt64", "Nullable(String)", "Array(LowCardinality(String))", "IPv4", "LowCardinality(Nullable(String))",
        "DateTime64(3, 'UTC')", "Decimal(38, 4)", "Tuple(a Int8, b String)", "Map(String, Array(UInt8))", "Variant(String, UInt64)",
    ];

    private static readonly object?[][] Rows =
    [
        [1UL, "a", new[] { "x", "y" }, IPAddress.Parse("10.0.0.1"), "k", new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), new ClickHouseDecimal(12345, 4), new object?[] { (sbyte)-1, "p" }, new Dictionary<string, byte[]> { ["m"] = [1, 2] }, "s"],
        [2UL, null, Array.Empty<string>(), IPAddress.Parse("192.168.1.10"), null, new DateTime(1965, 1, 1, 0, 0, 0, DateTimeKind.Utc), new ClickHouseDecimal(-1, 4), new object?[] { (sbyte)127, "" }, new Dictionary<string, byte[]>(), 9UL],
    ];

    private static byte[] Block()
    {
        using var stream = new MemoryStream();
        NativeFormat.WriteBlock(stream, Names, Types, Rows);
        return stream.ToArray();
    }

    [Test]
    public void WriteThenRead_GivesTheSameRows()
    {
        var blocks = NativeFormat.ReadBlocks(new MemoryStream(Block())).ToList();
        Assert.That(blocks, Has.Count.EqualTo(1));
        Assert.That(blocks[0].ColumnNames, Is.EqualTo(Names));
        Assert.That(blocks[0].ColumnTypes, Is.EqualTo(Types));
        Assert.That(blocks[0].ResultRows, Is.EqualTo(Rows));
    }

    [Test]
    public void Read_OneByteAtATime_GivesTheSameRows()
        => Assert.That(NativeFormat.ReadBlocks(new TrickleStream(Block())).Single().ResultRows, Is.EqualTo(Rows));

    [Test]
    public void Read_SeveralBlocks_YieldsOneResultEach()
    {
        var one = Block();
        var blocks = NativeFormat.ReadBlocks(new MemoryStream([.. one, .. one])).ToList();
        Assert.That(blocks.Select(b => b.ResultRows.Count), Is.EqualTo((int[])[2, 2]));
    }

    [Test]
    public void EveryTruncation_FailsWithAProtocolError()
    {
        var block = Block();
        for (var length = 1; length < block.Length; length++)
        {
            var prefix = block[..length];
            Assert.That(() => NativeFormat.ReadBlocks(new MemoryStream(prefix)).ToList(), Throws.TypeOf<ClickHouseProtocolException>(), $"prefix of {length} bytes");
        }
    }

    [Test]
    public void EmptyStream_HasNoBlocks()
        => Assert.That(NativeFormat.ReadBlocks(new MemoryStream()), Is.Empty);

    [Test]
    public void ZeroRows_WritesHeaderOnly_AndReadsBackColumns()
    {
        using var stream = new MemoryStream();
        NativeFormat.WriteBlock(stream, ["a", "b"], ["LowCardinality(String)", "Array(UInt8)"], []);
        Assert.That(Convert.ToHexString(stream.ToArray()), Is.EqualTo(new WireBytes().Var(2).Var(0).Str("a").Str("LowCardinality(String)").Str("b").Str("Array(UInt8)").ToArray() is var e ? Convert.ToHexString(e) : null));
        var block = NativeFormat.ReadBlocks(new MemoryStream(stream.ToArray())).Single();
        Assert.That(block.ColumnNames, Is.EqualTo((string[])["a", "b"]));
        Assert.That(block.ColumnTypes, Is.EqualTo((string[])["LowCardinality(String)", "Array(UInt8)"]));
        Assert.That(block.ResultRows, Is.Empty);
    }

    [Test]
    public void UnknownType_IsArgumentError()
        => Assert.That(() => NativeFormat.WriteBlock(new MemoryStream(), ["a"], ["NoSuchType"], []), Throws.ArgumentException.With.Message.Contains("NoSuchType"));
}
