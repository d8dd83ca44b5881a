using System.Net;
using System.Numerics;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Tests.Types.Conversion;

/// <summary>The one conversion table, called directly: what each ClickHouse type takes and what it refuses, and why.</summary>
[TestFixture]
public sealed class ValueConvertTests
{
    private enum Big : ulong
    {
        Top = ulong.MaxValue,
    }

    private enum Color : byte
    {
        A = 1,
        Other = 2,
    }

    [Test]
    public void ToInteger_AnyIntegerIntegralDecimalOrEnumThatFits_IsConverted()
    {
        Assert.That(ValueConvert.ToInteger<byte>(200L), Is.EqualTo((byte)200));
        Assert.That(ValueConvert.ToInteger<long>(5m), Is.EqualTo(5L));
        Assert.That(ValueConvert.ToInteger<ulong>(Big.Top), Is.EqualTo(ulong.MaxValue));
        Assert.That(ValueConvert.ToInteger<Int128>(new BigInteger(long.MaxValue) * 4), Is.EqualTo((Int128)long.MaxValue * 4));
        Assert.That(ValueConvert.ToInteger<UInt128>(UInt128.MaxValue), Is.EqualTo(UInt128.MaxValue));
    }

    [Test]
    public void ToInteger_OutOfRange_NamesValueTypeAndRange()
        => Assert.That(() => ValueConvert.ToInteger<byte>(300),
            Throws.TypeOf<OverflowException>().With.Message.EqualTo("300 is outside the range of UInt8 (0 .. 255)."));

    [TestCase(true)]
    [TestCase(1.0)]
    [TestCase(1.5)]
    [TestCase("1")]
    public void ToInteger_NonIntegers_AreRefusedNamingTheType(object value)
        => Assert.That(() => ValueConvert.ToInteger<int>(value),
            Throws.TypeOf<InvalidCastException>().With.Message.Contain("Int32 (expected an integer)").And.Message.Contain(value.GetType().Name));

    [Test]
    public void ToInteger256_ChecksTheWidth()
    {
        Assert.That(ValueConvert.ToInteger256(UInt128.MaxValue, unsigned: false), Is.EqualTo((BigInteger)UInt128.MaxValue));
        Assert.That(() => ValueConvert.ToInteger256(-1, unsigned: true), Throws.TypeOf<OverflowException>().With.Message.Contain("UInt256"));
        Assert.That(() => ValueConvert.ToInteger256(BigInteger.One << 255, unsigned: false), Throws.TypeOf<OverflowException>());
    }

    [Test]
    public void ToFloat_AnyNumber_IsConverted_ButBoolIsNot()
    {
        Assert.That(ValueConvert.ToFloat<double>(Int128.MaxValue), Is.EqualTo((double)Int128.MaxValue));
        Assert.That(ValueConvert.ToFloat<double>(BigInteger.Pow(10, 20)), Is.EqualTo(1e20));
        Assert.That(ValueConvert.ToFloat<float>(0.1), Is.EqualTo(0.1f));
        Assert.That(ValueConvert.ToFloat<double>(Color.Other), Is.EqualTo(2.0));
        Assert.That(() => ValueConvert.ToFloat<double>(true), Throws.TypeOf<InvalidCastException>().With.Message.Contain("Float64"));
    }

    [Test]
    public void ToBool_TakesBoolsZeroAndOne()
    {
        Assert.That(ValueConvert.ToBool(1), Is.True);
        Assert.That(ValueConvert.ToBool(0L), Is.False);
        Assert.That(() => ValueConvert.ToBool(2), Throws.TypeOf<OverflowException>().With.Message.Contain("not a Bool"));
    }

    private static IEnumerable<TestCaseData> Decimals()
    {
        yield return new TestCaseData(1.50m, "1.50").SetArgDisplayNames("decimal keeps its scale");
        yield return new TestCaseData(0.1, "0.1").SetArgDisplayNames("double by its shortest digits");
        yield return new TestCaseData(0.1f, "0.1").SetArgDisplayNames("float by its own shortest digits");
        yield return new TestCaseData((Half)0.5, "0.5").SetArgDisplayNames("Half");
        yield return new TestCaseData(1e20, "100000000000000000000").SetArgDisplayNames("exponent written out");
        yield return new TestCaseData(-2.5e-3, "-0.0025").SetArgDisplayNames("negative exponent");
        yield return new TestCaseData(UInt128.MaxValue, UInt128.MaxValue.ToString()).SetArgDisplayNames("UInt128");
        yield return new TestCaseData("-12.3400", "-12.3400").SetArgDisplayNames("invariant text");
    }

    [TestCaseSource(nameof(Decimals))]
    public void ToDecimal_IsExact(object value, string expected)
        => Assert.That(ValueConvert.ToDecimal(value, 76, 4).ToString(), Is.EqualTo(expected));

    [Test]
    public void ToDecimal_MoreDigitsThanTheScale_AreRefusedNotRounded()
    {
        Assert.That(() => ValueConvert.ToDecimal(0.125, 18, 2),
            Throws.TypeOf<OverflowException>().With.Message.EqualTo("0.125 has more than 2 decimal places for Decimal(18, 2); round it first."));
        Assert.That(() => ValueConvert.ToDecimal(1.234m, 9, 2), Throws.TypeOf<OverflowException>());
        Assert.That(() => ValueConvert.ToDecimal(double.Epsilon, 76, 76), Throws.TypeOf<OverflowException>());
        Assert.That(ValueConvert.ToDecimal(1.2300m, 9, 2).ToString(), Is.EqualTo("1.2300"), "trailing zeros are no digits lost");
    }

    [Test]
    public void ToDecimal_Double_TakesTheDigitsADoubleCarries()
    {
        Assert.That(ValueConvert.ToDecimal(0.1 + 0.2, 18, 2).ToString(), Is.EqualTo("0.3"), "15 significant digits, as (decimal)double");
        Assert.That(ValueConvert.ToDecimal(0.1f, 18, 2).ToString(), Is.EqualTo("0.1"), "7 significant digits, as (decimal)float");
        Assert.That(ValueConvert.ToDecimal(1e30, 76, 0).ToString(), Is.EqualTo("1000000000000000000000000000000"), "beyond decimal: shortest digits");
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void ToDecimal_NonFinite_IsRefused(double value)
        => Assert.That(() => ValueConvert.ToDecimal(value, 18, 2), Throws.TypeOf<OverflowException>().With.Message.Contain("not a Decimal(18, 2) value"));

    [Test]
    public void Dates_AreCheckedAgainstTheirTypesRange()
    {
        Assert.That(ValueConvert.ToDate(new DateOnly(2149, 6, 6)), Is.EqualTo(ushort.MaxValue));
        Assert.That(ValueConvert.ToDate32(new DateOnly(1900, 1, 1)), Is.EqualTo(-25567));
        Assert.That(() => ValueConvert.ToDate32(new DateOnly(1899, 12, 31)),
            Throws.TypeOf<OverflowException>().With.Message.EqualTo("1899-12-31 is outside the range of Date32 (1900-01-01 .. 2299-12-31)."));
        Assert.That(() => ValueConvert.ToDate(new DateTime(1969, 12, 31)), Throws.TypeOf<OverflowException>().With.Message.Contain("Date (1970-01-01"));
    }

    [Test]
    public void Instants_AreUtcUnixTime_CheckedAgainstTheRange()
    {
        var tokyo = new DateTimeOffset(2023, 11, 15, 7, 13, 20, TimeSpan.FromHours(9));
        Assert.That(ValueConvert.ToDateTime(tokyo), Is.EqualTo(1_700_000_000u));
        Assert.That(ValueConvert.ToDateTime(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Unspecified)), Is.EqualTo(1_700_000_000u));
        Assert.That(ValueConvert.ToDateTime64(DateTime.UnixEpoch.AddTicks(-1), new TickScale(3)), Is.EqualTo(-1L), "rounded toward the past");
        Assert.That(ValueConvert.ToDateTime64(tokyo, new TickScale(9)), Is.EqualTo(1_700_000_000_000_000_000L));
        Assert.That(() => ValueConvert.ToDateTime64(new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc), new TickScale(3)),
            Throws.TypeOf<OverflowException>().With.Message.Contain("DateTime64(3) (1900-01-01 00:00:00.000 .. 2299-12-31 23:59:59.999 UTC)"));
        Assert.That(() => ValueConvert.ToDateTime64(new DateTime(2262, 4, 11, 23, 47, 17, DateTimeKind.Utc), new TickScale(9)),
            Throws.TypeOf<OverflowException>().With.Message.Contain("DateTime64(9) (1900-01-01 00:00:00.000000000 .. 2262-04-11 23:47:16.854775807 UTC)"));
        Assert.That(() => ValueConvert.ToDateTime(DateTime.UnixEpoch.AddTicks(-1)), Throws.TypeOf<OverflowException>().With.Message.Contain("DateTime"));
    }

    [Test]
    public void ExactInstants_ConvertToEveryInstantAndDateType()
    {
        var exact = ClickHouseDateTime64.Parse("2023-11-14 23:59:59.999999999");
        Assert.That(ValueConvert.ToDateTime64(exact, new TickScale(9)), Is.EqualTo(1_700_006_399_999_999_999L));
        Assert.That(ValueConvert.ToDateTime64((object)exact, new TickScale(8)), Is.EqualTo(170_000_639_999_999_999L));
        Assert.That(ValueConvert.ToDateTime64(ClickHouseDateTime64.Parse("1969-12-31 23:59:59.999999999"), new TickScale(0)), Is.EqualTo(-1L), "truncated toward the past");
        Assert.That(ValueConvert.ToDateTime(exact), Is.EqualTo(1_700_006_399u));
        Assert.That(ValueConvert.ToDate32(exact), Is.EqualTo(new DateOnly(2023, 11, 14).DayNumber - ValueConvert.EpochDayNumber));
        Assert.That(() => ValueConvert.ToDateTime64(new ClickHouseDateTime64(long.MaxValue, 8), new TickScale(9)),
            Throws.TypeOf<OverflowException>().With.Message.Contain("outside the range of DateTime64(9)"));
    }

    [Test]
    public void TryReadAs_GivesDateTimeAndDateTimeOffset_TruncatedTowardThePast()
    {
        var exact = new ClickHouseDateTime64(-1, 9);
        Assert.That(ValueConvert.TryReadAs<DateTime>(exact, out var instant) && instant == DateTime.UnixEpoch.AddTicks(-1) && instant.Kind == DateTimeKind.Utc, Is.True);
        Assert.That(ValueConvert.TryReadAs<DateTimeOffset?>(exact, out var offset) && offset == DateTimeOffset.UnixEpoch.AddTicks(-1), Is.True);
        Assert.That(ValueConvert.TryReadAs<long>(exact, out _), Is.False);
    }

    [Test]
    public void TypedDatesAndInstants_ConvertWithoutAllocating()
    {
        var scale = new TickScale(3);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Sum(start, scale); // JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = Sum(start, scale);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.Not.Zero);

        static long Sum(DateTime start, TickScale scale)
        {
            var sum = 0L;
            for (var i = 0; i < 100_000; i++)
            {
                var instant = start.AddSeconds(i);
                sum += ValueConvert.ToDateTime(instant) + ValueConvert.ToDateTime64(instant, scale) + ValueConvert.ToDate32(DateOnly.FromDateTime(instant))
                    + ValueConvert.ToTime64(TimeSpan.FromSeconds(i), scale);
            }

            return sum;
        }
    }

    [Test]
    public void Times_TakeTimeSpansOrCounts()
    {
        Assert.That(ValueConvert.ToTime(TimeSpan.FromSeconds(-1.5)), Is.EqualTo(-2));
        Assert.That(ValueConvert.ToTime(90), Is.EqualTo(90));
        Assert.That(ValueConvert.ToTime64(TimeSpan.FromMilliseconds(1.5), new TickScale(6)), Is.EqualTo(1500L));
        Assert.That(() => ValueConvert.ToTime(Guid.Empty), Throws.TypeOf<InvalidCastException>().With.Message.Contain("Time (expected a TimeSpan or an integer count)"));
        Assert.That(() => ValueConvert.ToTime64(TimeSpan.MaxValue, new TickScale(9)), Throws.TypeOf<OverflowException>().With.Message.Contain("Time64(9)"));
    }

    [Test]
    public void Network_TakesAddressesTextAndNumbers()
    {
        Assert.That(ValueConvert.ToIPv4("192.168.1.10"), Is.EqualTo(0xC0A8010Au));
        Assert.That(ValueConvert.ToIPv4(IPAddress.Parse("::ffff:192.168.1.10")), Is.EqualTo(0xC0A8010Au));
        Assert.That(ValueConvert.ToIPv4(0xC0A8010AL), Is.EqualTo(0xC0A8010Au));
        Assert.That(ValueConvert.ToIPv6(IPAddress.Parse("1.2.3.4")), Is.EqualTo(IPAddress.Parse("::ffff:1.2.3.4")));
        Assert.That(() => ValueConvert.ToIPv4(IPAddress.Parse("::1")), Throws.TypeOf<InvalidCastException>().With.Message.Contain("not an IPv4"));
        Assert.That(() => ValueConvert.ToUuid("nope"), Throws.TypeOf<FormatException>());
        Assert.That(() => ValueConvert.ToUuid(42), Throws.TypeOf<InvalidCastException>().With.Message.Contain("expected a Guid"));
    }

    [Test]
    public void Enum_TakesLabelsEnumsByNameThenNumber_AndElementNumbers()
    {
        var elements = new EnumElements<sbyte>(TypeParser.Parse("Enum8('A' = 1, 'B' = 2)"));
        Assert.That(elements.ValueOf("B"), Is.EqualTo((sbyte)2));
        Assert.That(elements.ValueOf(Color.A), Is.EqualTo((sbyte)1));
        Assert.That(elements.ValueOf(Color.Other), Is.EqualTo((sbyte)2), "Other is no label, but 2 is an element's number");
        Assert.That(elements.ValueOf(1L), Is.EqualTo((sbyte)1));
        Assert.That(() => elements.ValueOf(3), Throws.TypeOf<OverflowException>().With.Message.Contain("not a value of Enum8('A' = 1, 'B' = 2)"));
        Assert.That(() => elements.ValueOf("C"), Throws.TypeOf<FormatException>());
        Assert.That(() => elements.ValueOf(1.0), Throws.TypeOf<InvalidCastException>());
    }
}
