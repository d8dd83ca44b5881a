using static Ja4Data.Tests.Hostile.HostilePeer;

namespace Ja4Data.Tests.Hostile;

/// <summary>
/// Values a server can legitimately send that .NET cannot hold (ClickHouse keeps any raw Int32/Int64 that arrives
/// unchecked in a Date32, DateTime64 or Time64 column): reading one is a <see cref="ClickHouseDataException"/> naming
/// column, row and value, for that value only - the stream is in step, so the connection and the other values stay
/// usable. Never a raw ArgumentOutOfRangeException or OverflowException from a getter.
/// </summary>
[TestFixture]
public sealed class UnrepresentableValueTests
{
    private const ulong Int64Max = long.MaxValue;

    // Two rows of one column: the unrepresentable value first, then an ordinary one.
    private static byte[] TwoRows(string type, byte[] values) => Data(Block(1, 2).Str("v").Str(type).Byte(0).Bytes(values));

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("Date32", new WireBytes().Int32(int.MaxValue).Int32(0).ToArray(), new DateOnly(1970, 1, 1), "2147483647").SetName("Date32_BeyondYear9999");
        yield return new TestCaseData("Date32", new WireBytes().Int32(int.MinValue).Int32(0).ToArray(), new DateOnly(1970, 1, 1), "-2147483648").SetName("Date32_BeforeYear1");
        yield return new TestCaseData("DateTime64(3, 'UTC')", new WireBytes().UInt64(Int64Max).UInt64(1000).ToArray(), new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), "9223372036854775807").SetName("DateTime64_3_BeyondYear9999");
        yield return new TestCaseData("DateTime64(0)", new WireBytes().UInt64(unchecked((ulong)long.MinValue)).UInt64(1).ToArray(), new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), "-9223372036854775808").SetName("DateTime64_0_TicksOverflow");
        yield return new TestCaseData("Time64(0)", new WireBytes().UInt64(Int64Max).UInt64(5).ToArray(), TimeSpan.FromSeconds(5), "9223372036854775807").SetName("Time64_0_TicksOverflow");
        yield return new TestCaseData("Decimal(28, 2)", new WireBytes().UInt64(0).UInt64(1UL << 40).UInt64(150).UInt64(0).ToArray(), 1.5m, "20282409603651670423947251286016").SetName("Decimal128_WiderThanSystemDecimal");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task AdoReader_ValueDotNetCannotHold_IsADataErrorForThatValue_AndTheReaderGoesOn(string type, byte[] values, object next, string raw)
    {
        await using var server = Answering(TwoRows(type, values), EndOfStream);
        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        await using var reader = await new ClickHouseCommand("SELECT v", connection).ExecuteReaderAsync();

        Assert.That(await reader.ReadAsync(), Is.True);
        var error = Assert.Throws<ClickHouseDataException>(() => reader.GetValue(0));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Column, Is.EqualTo("v"));
            Assert.That(error.RowIndex, Is.EqualTo(0));
            Assert.That(error.ExpectedType, Is.EqualTo(type));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Failed));
            Assert.That(error.Message, Does.Contain(raw).And.Contain("'v'").And.Contain("toString"));
            Assert.That(() => reader.GetValues(new object[1]), Throws.TypeOf<ClickHouseDataException>());
            Assert.That(() => GetTyped(reader, next.GetType()), Throws.TypeOf<ClickHouseDataException>());
            Assert.That(reader.IsDBNull(0), Is.False);
        });

        Assert.That(await reader.ReadAsync(), Is.True, "the next row is still there");
        Assert.That(reader.GetValue(0), Is.EqualTo(next));
        Assert.That(await reader.ReadAsync(), Is.False);
        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Open));
    }

    [Test]
    public async Task AdoReader_RowIndex_CountsTheRowsOfEarlierBlocks()
    {
        var first = Data(Block(1, 3).Str("d").Str("Date32").Byte(0).Int32(1).Int32(2).Int32(3));
        await using var server = Answering(first, TwoRows("Date32", new WireBytes().Int32(0).Int32(int.MaxValue).ToArray()), EndOfStream);
        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        await using var reader = await new ClickHouseCommand("SELECT v", connection).ExecuteReaderAsync();
        for (var row = 0; row < 4; row++)
        {
            Assert.That(await reader.ReadAsync(), Is.True);
            reader.GetValue(0);
        }

        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(() => reader.GetFieldValue<DateOnly>(0), Throws.TypeOf<ClickHouseDataException>().With.Property(nameof(ClickHouseDataException.RowIndex)).EqualTo(4L));
    }

    [Test]
    public async Task AdoReader_NestedInAnArray_IsADataError()
    {
        var block = Data(Block(1, 1).Str("a").Str("Array(Date32)").Byte(0).UInt64(2).Int32(0).Int32(int.MaxValue));
        await using var server = Answering(block, EndOfStream);
        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        await using var reader = await new ClickHouseCommand("SELECT a", connection).ExecuteReaderAsync();

        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(() => reader.GetValue(0), Throws.TypeOf<ClickHouseDataException>().With.Message.Contain("2147483647"));
    }

    [Test]
    public async Task AdoReader_ExactDateTime64_ReadAsDateTimeBeyondItsRange_IsADataError_WhileTheExactValueReads()
    {
        // DateTime64(8) reaches back to the year -952: exact as ClickHouseDateTime64, beyond DateTime.
        var block = Data(Block(1, 1).Str("t").Str("DateTime64(8, 'UTC')").Byte(0).UInt64(unchecked((ulong)long.MinValue)));
        await using var server = Answering(block, EndOfStream);
        await using var connection = new ClickHouseConnection(server.Settings());
        await connection.OpenAsync();
        await using var reader = await new ClickHouseCommand("SELECT t", connection).ExecuteReaderAsync();

        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(reader.GetValue(0), Is.EqualTo(new ClickHouseDateTime64(long.MinValue, 8)));
        Assert.That(() => reader.GetDateTime(0), Throws.TypeOf<ClickHouseDataException>().With.Message.Contain("DateTime"));
    }

    [Test]
    public async Task Facade_Query_ValueDotNetCannotHold_IsADataError()
    {
        await using var server = Answering(TwoRows("Date32", new WireBytes().Int32(int.MaxValue).Int32(0).ToArray()), EndOfStream);
        await using var client = new ClickHouseClient(server.Settings());

        var result = await client.QueryAsync("SELECT v");

        // The result keeps the decoded block; a row becomes values when it is read.
        Assert.That(() => result.ResultRows[0], Throws.TypeOf<ClickHouseDataException>().With.Property(nameof(ClickHouseDataException.Column)).EqualTo("v"));
        Assert.That(result.ResultRows[1], Is.EqualTo(new object[] { new DateOnly(1970, 1, 1) }));
    }

    [Test]
    public void NativeFormat_ValueDotNetCannotHold_IsADataErrorNamingColumnAndRow()
    {
        var bytes = new WireBytes()
            .Var(1).Var(1).Str("d").Str("Date32").Int32(7)
            .Var(1).Var(2).Str("d").Str("Date32").Int32(0).Int32(-900_000_000)
            .ToArray();

        var error = Assert.Throws<ClickHouseDataException>(() => NativeFormat.ReadBlocks(new MemoryStream(bytes)).SelectMany(r => r.ResultRows).ToList());
        Assert.That((error!.Column, error.RowIndex), Is.EqualTo(("d", 2L)));
        Assert.That(error.Message, Does.Contain("-900000000"));
    }

    private static object GetTyped(ClickHouseDataReader reader, Type type) => type == typeof(DateOnly) ? reader.GetFieldValue<DateOnly>(0)
        : type == typeof(DateTime) ? reader.GetDateTime(0)
        : type == typeof(TimeSpan) ? reader.GetFieldValue<TimeSpan>(0)
        : reader.GetDecimal(0);
}
