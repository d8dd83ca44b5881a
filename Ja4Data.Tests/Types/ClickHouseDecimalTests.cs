using System.Numerics;

namespace Ja4Data.Tests.Types;

[TestFixture]
public sealed class ClickHouseDecimalTests
{
    [TestCase("0")]
    [TestCase("-0.050")]
    [TestCase("123.4500")]
    [TestCase("99999999999999999999999999999999999999")]
    public void Parse_ToString_RoundTrips(string text)
        => Assert.That(ClickHouseDecimal.Parse(text).ToString(), Is.EqualTo(text));

    [TestCase("1e5")]
    [TestCase("1.")]
    [TestCase("")]
    [TestCase("+1")]
    public void Parse_Invalid_Throws(string text)
        => Assert.That(() => ClickHouseDecimal.Parse(text), Throws.TypeOf<FormatException>());

    [Test]
    public void Equality_IsNumeric()
    {
        Assert.That(ClickHouseDecimal.Parse("1.50"), Is.EqualTo(ClickHouseDecimal.Parse("1.5")));
        Assert.That(ClickHouseDecimal.Parse("1.50").GetHashCode(), Is.EqualTo(ClickHouseDecimal.Parse("1.5").GetHashCode()));
        Assert.That(ClickHouseDecimal.Parse("-2") < ClickHouseDecimal.Parse("1.5"), Is.True);
    }

    [Test]
    public void Decimal_ConvertsBothWays()
    {
        Assert.That(ClickHouseDecimal.FromDecimal(-1.25m), Is.EqualTo(new ClickHouseDecimal(-125, 2)));
        Assert.That((decimal)new ClickHouseDecimal(-125, 2), Is.EqualTo(-1.25m));
        Assert.That(() => new ClickHouseDecimal(BigInteger.Pow(10, 30), 0).ToDecimal(), Throws.TypeOf<OverflowException>());
    }

    [Test]
    public void UnscaledAt_RefusesToDropDigits()
    {
        Assert.That(new ClickHouseDecimal(15, 1).UnscaledAt(3), Is.EqualTo(new BigInteger(1500)));
        Assert.That(() => new ClickHouseDecimal(15, 1).UnscaledAt(0), Throws.TypeOf<OverflowException>());
    }
}
