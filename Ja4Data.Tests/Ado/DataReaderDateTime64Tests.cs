using System.Data;
using Ja4Data.Protocol;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// DateTime64 through the ADO.NET reader, from a replayed server block: P 8 and 9 are the exact
/// <see cref="ClickHouseDateTime64"/> by default and <see cref="DateTime"/> when asked for; P 7 stays DateTime.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DataReaderDateTime64Tests
{
    private static readonly ClickHouseDateTime64 BeforeEpoch = ClickHouseDateTime64.Parse("1960-01-01 00:00:00.123456789");
    private static readonly ClickHouseDateTime64 LastNanosecond = ClickHouseDateTime64.Parse("1969-12-31 23:59:59.999999999");
    private static readonly ClickHouseDateTime64 EdgeOfRange = ClickHouseDateTime64.Parse("2299-12-31 23:59:59.99999999");

    [Test]
    public async Task Reader_DateTime64AbovePrecision7_IsExactByDefault_AndADateTimeWhenAskedFor()
    {
        await using var server = new FakeNativeServer(FakeScripts.Replay(ProtocolRevision.Oldest, "24.3.1", Reply()));
        await using var connection = new ClickHouseConnection(server.Settings() with { CommandTimeout = TimeSpan.FromSeconds(5) });
        await connection.OpenAsync();
        await using var reader = await new ClickHouseCommand("SELECT v, n, w", connection).ExecuteReaderAsync();

        Assert.That(new[] { reader.GetFieldType(0), reader.GetFieldType(1), reader.GetFieldType(2) },
            Is.EqualTo(new[] { typeof(ClickHouseDateTime64), typeof(ClickHouseDateTime64), typeof(DateTime) }));
        var schema = reader.GetSchemaTable();
        Assert.That(schema.Rows.Cast<DataRow>().Select(r => r["DataType"]), Is.EqualTo(new[] { typeof(ClickHouseDateTime64), typeof(ClickHouseDateTime64), typeof(DateTime) }));

        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(reader.GetValue(0), Is.EqualTo(BeforeEpoch).And.TypeOf<ClickHouseDateTime64>());
        Assert.That(reader.GetValue(0).ToString(), Is.EqualTo("1960-01-01 00:00:00.123456789"));
        Assert.That(reader.GetFieldValue<ClickHouseDateTime64>(0), Is.EqualTo(BeforeEpoch));
        Assert.That(reader.GetDateTime(0), Is.EqualTo(new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567)));
        Assert.That(reader.GetDateTime(0).Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(reader.GetFieldValue<DateTimeOffset>(0), Is.EqualTo(new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_567)));
        Assert.That(reader.GetFieldValue<DateTime?>(0), Is.EqualTo(new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567)));
        Assert.That(reader.GetValue(1), Is.EqualTo(EdgeOfRange));
        Assert.That(reader.GetDateTime(1), Is.EqualTo(new DateTime(2299, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999)));
        Assert.That(reader.GetValue(2), Is.EqualTo(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)).And.TypeOf<DateTime>());

        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(reader.GetValue(0), Is.EqualTo(LastNanosecond));
        Assert.That(reader.GetDateTime(0), Is.EqualTo(DateTime.UnixEpoch.AddTicks(-1)), "truncated toward the past");
        Assert.That(reader.IsDBNull(1), Is.True);
        Assert.That(reader.GetValue(1), Is.EqualTo(DBNull.Value));
        Assert.That(reader.GetFieldValue<DateTime?>(1), Is.Null);
        Assert.That(() => reader.GetFieldValue<int>(0), Throws.TypeOf<InvalidCastException>().With.Message.Contain("ClickHouseDateTime64"));

        // DateTime from the exact column without boxing: nothing allocated per read.
        _ = reader.GetDateTime(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (var i = 0; i < 10_000; i++)
        {
            sum += reader.GetDateTime(0).Ticks + reader.GetFieldValue<DateTimeOffset>(0).UtcTicks;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1024), $"allocated reading 10,000 DateTimes (sum {sum})");
    }

    // One block: v DateTime64(9, 'UTC'), n Nullable(DateTime64(8, 'UTC')), w DateTime64(7, 'UTC'); two rows.
    private static byte[] Reply()
    {
        var bytes = new WireBytes()
            .Var((ulong)ServerPacketType.Data).Str(string.Empty)
            .Hex("01 00 02 FF FF FF FF 00").Var(3).Var(2)
            .Str("v").Str("DateTime64(9, 'UTC')").UInt64((ulong)BeforeEpoch.Units).UInt64((ulong)LastNanosecond.Units)
            .Str("n").Str("Nullable(DateTime64(8, 'UTC'))").Hex("00 01").UInt64((ulong)EdgeOfRange.Units).UInt64(0)
            .Str("w").Str("DateTime64(7, 'UTC')").UInt64(9_466_848_000_000_000).UInt64(0);
        return bytes.Var((ulong)ServerPacketType.EndOfStream).ToArray();
    }
}
