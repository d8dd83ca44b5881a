using System.Globalization;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class ClickHouseDateTime64Tests
{
    [TestCase("1960-01-01 00:00:00.123456789", -315_619_199_876_543_211L, 9)]
    [TestCase("1969-12-31 23:59:59.999999999", -1L, 9)]
    [TestCase("1970-01-01 00:00:00.000000001", 1L, 9)]
    [TestCase("1900-01-01 00:00:00.00000000", -220_898_880_000_000_000L, 8)]
    [TestCase("2299-12-31 23:59:59.99999999", 1_041_379_199_999_999_999L, 8)]
    [TestCase("2262-04-11 23:47:16.854775807", long.MaxValue, 9)]
    [TestCase("2023-11-14 22:13:20", 1_700_000_000L, 0)]
    [TestCase("1969-12-31 23:59:58.5", -15L, 1)]
    public void Parse_ToString_RoundTripTheExactCount(string text, long units, int precision)
    {
        var value = ClickHouseDateTime64.Parse(text);
        Assert.That((value.Units, value.Precision), Is.EqualTo((units, precision)));
        Assert.That(value.ToString(), Is.EqualTo(text));
        Assert.That(new ClickHouseDateTime64(units, precision).ToString(), Is.EqualTo(text));
    }

    [TestCase("")]
    [TestCase("2023-11-14")]
    [TestCase("2023-11-14T22:13:20")]
    [TestCase("2023-11-14 22:13:20.")]
    [TestCase("2023-11-14 22:13:20.1234567890")]
    [TestCase("2023-11-14 22:13:20.-1")]
    [TestCase("2023-11-14 22:13:20.12 ")]
    [TestCase("2023-02-30 00:00:00")]
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.That(() => ClickHouseDateTime64.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contain("yyyy-MM-dd HH:mm:ss"));
        Assert.That(ClickHouseDateTime64.TryParse(text, CultureInfo.InvariantCulture, out _), Is.False);
    }

    [Test]
    public void Parse_BeyondA64BitCount_ThrowsOverflowException()
    {
        Assert.That(() => ClickHouseDateTime64.Parse("2262-04-11 23:47:16.854775808"), Throws.TypeOf<OverflowException>());
        Assert.That(ClickHouseDateTime64.Parse("9999-12-31 23:59:59.9999999").Precision, Is.EqualTo(7));
    }

    [Test]
    public void ToDateTime_TruncatesTo100NanosecondsTowardThePast()
    {
        Assert.That(new ClickHouseDateTime64(-1, 9).ToDateTime(), Is.EqualTo(DateTime.UnixEpoch.AddTicks(-1)));
        Assert.That(new ClickHouseDateTime64(199, 9).ToDateTime(), Is.EqualTo(DateTime.UnixEpoch.AddTicks(1)));
        Assert.That(ClickHouseDateTime64.Parse("1960-01-01 00:00:00.123456789").ToDateTime(),
            Is.EqualTo(new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567)));
        Assert.That(new ClickHouseDateTime64(0, 9).ToDateTime().Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That((DateTimeOffset)new ClickHouseDateTime64(-1, 9), Is.EqualTo(new DateTimeOffset(DateTime.UnixEpoch.AddTicks(-1), TimeSpan.Zero)));
        Assert.That(() => new ClickHouseDateTime64(long.MaxValue, 0).ToDateTime(), Throws.TypeOf<OverflowException>());
    }

    [Test]
    public void FromDateTime_IsExactAtPrecision7_AndTakesTheInstant()
    {
        var instant = new DateTime(1950, 6, 1, 10, 20, 30, DateTimeKind.Utc).AddTicks(1_234_567);
        ClickHouseDateTime64 converted = instant;
        Assert.That(converted, Is.EqualTo(ClickHouseDateTime64.Parse("1950-06-01 10:20:30.1234567")));
        Assert.That(converted.Precision, Is.EqualTo(7));
        Assert.That(converted.ToDateTime(), Is.EqualTo(instant));
        Assert.That(ClickHouseDateTime64.FromDateTime(DateTime.SpecifyKind(instant, DateTimeKind.Unspecified)), Is.EqualTo(converted));
        Assert.That(ClickHouseDateTime64.FromDateTimeOffset(new DateTimeOffset(instant.AddHours(9).Ticks, TimeSpan.FromHours(9))), Is.EqualTo(converted));
    }

    [Test]
    public void Equality_AndOrder_AreByInstant_AcrossPrecisions()
    {
        Assert.That(new ClickHouseDateTime64(1, 3), Is.EqualTo(new ClickHouseDateTime64(1_000_000, 9)));
        Assert.That(new ClickHouseDateTime64(1, 3).GetHashCode(), Is.EqualTo(new ClickHouseDateTime64(1_000_000, 9).GetHashCode()));
        Assert.That(new ClickHouseDateTime64(1, 3) == new ClickHouseDateTime64(1_000_001, 9), Is.False);
        Assert.That(new ClickHouseDateTime64(-1, 9) < new ClickHouseDateTime64(0, 0), Is.True);
        Assert.That(new ClickHouseDateTime64(long.MaxValue, 9) < new ClickHouseDateTime64(long.MaxValue, 0), Is.True);
        var sorted = new[] { new ClickHouseDateTime64(2, 0), new ClickHouseDateTime64(-1, 9), new ClickHouseDateTime64(1_500, 3) }.Order();
        Assert.That(sorted.Select(v => v.ToString()), Is.EqualTo((string[])["1969-12-31 23:59:59.999999999", "1970-01-01 00:00:01.500", "1970-01-01 00:00:02"]));
    }

    [Test]
    public void Formatting_HasOneForm_AndFormatsIntoSpans()
    {
        var value = new ClickHouseDateTime64(-1, 9);
        Assert.That($"at {value}", Is.EqualTo("at 1969-12-31 23:59:59.999999999"));
        Span<char> small = stackalloc char[28];
        Assert.That(value.TryFormat(small, out _, default, null), Is.False);
        Span<char> exact = stackalloc char[29];
        Assert.That(value.TryFormat(exact, out var written, default, null) && written == 29 && exact.SequenceEqual("1969-12-31 23:59:59.999999999"), Is.True);
        Assert.That(() => value.ToString("O", CultureInfo.InvariantCulture), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Constructor_RefusesPrecisionOutside0To9()
    {
        Assert.That(() => new ClickHouseDateTime64(0, 10), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ClickHouseDateTime64(0, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
