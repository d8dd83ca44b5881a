using System.Net;
using System.Numerics;
using Ja4Data.Types.Conversion;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Types.Conversion;

/// <summary>The one .NET-to-ClickHouse type map: a value and an element type map alike.</summary>
[TestFixture]
public sealed class ClrTypeMapTests
{
    private enum Color
    {
        Red,
    }

    private static IEnumerable<TestCaseData> Values()
    {
        TestCaseData Case(object value, string expected) => new TestCaseData(value, expected).SetArgDisplayNames(value.GetType().Name, expected);

        yield return Case(true, "Bool");
        yield return Case((sbyte)1, "Int8");
        yield return Case(1UL, "UInt64");
        yield return Case(Int128.One, "Int128");
        yield return Case(BigInteger.One, "Int256");
        yield return Case((Half)1, "Float32");
        yield return Case(1.0, "Float64");
        yield return Case(1.50m, "Decimal(28, 2)");
        yield return Case(ClickHouseDecimal.Parse("1.500"), "Decimal(76, 3)");
        yield return Case("s", "String");
        yield return Case(new[] { 'c' }, "String");
        yield return Case(new byte[] { 1 }, "String");
        yield return Case(Guid.Empty, "UUID");
        yield return Case(DateOnly.MinValue, "Date32");
        yield return Case(DateTime.UnixEpoch, "DateTime64(7, 'UTC')");
        yield return Case(DateTimeOffset.UnixEpoch, "DateTime64(7, 'UTC')");
        yield return Case(new ClickHouseDateTime64(-1, 9), "DateTime64(9, 'UTC')");
        yield return Case(new ClickHouseDateTime64(-1, 8), "DateTime64(8, 'UTC')");
        yield return Case(new[] { new ClickHouseDateTime64(-1, 8) }, "Array(DateTime64(9, 'UTC'))");
        yield return Case(IPAddress.Loopback, "IPv4");
        yield return Case(IPAddress.IPv6Loopback, "IPv6");
        yield return Case(Color.Red, "String");
        yield return Case(new[] { 1, 2 }, "Array(Int32)");
        yield return Case(new List<Color>(), "Array(String)");
        yield return Case(new int?[] { 1 }, "Array(Nullable(Int32))");
        yield return Case(new List<BigInteger>(), "Array(Int256)");
        yield return Case(new Dictionary<string, DateOnly[]>(), "Map(String, Array(Date32))");
        yield return Case(new HashSet<ushort> { 1 }, "Array(UInt16)");
        yield return Case(Enumerable.Range(0, 2).Select(i => (long)i), "Array(Int64)");
        yield return Case(new Queue<Guid>(), "Array(UUID)");
        yield return Case(new[] { 1.5m, 2.125m, 3m }, "Array(Decimal(28, 3))");
        yield return Case(new List<decimal?> { 1.5m, null }, "Array(Nullable(Decimal(28, 1)))");
        yield return Case(Array.Empty<decimal>(), "Array(Decimal(28, 0))");
        yield return Case(new[] { ClickHouseDecimal.Parse("1.25") }, "Array(Decimal(76, 2))");
        yield return Case(new[] { IPAddress.Loopback, IPAddress.Parse("10.0.0.1") }, "Array(IPv4)");
        yield return Case(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, "Array(IPv6)");
        yield return Case(new[] { IPAddress.Loopback, null }, "Array(Nullable(IPv4))");
    }

    [TestCaseSource(nameof(Values))]
    public void TypeNameOf_Value(object value, string expected)
        => Assert.That(ClrTypeMap.TypeNameOf(value), Is.EqualTo(expected));

    [TestCase(typeof(decimal))]
    [TestCase(typeof(IPAddress))]
    [TestCase(typeof(object))]
    [TestCase(typeof(char))]
    [TestCase(typeof(decimal[]))]
    [TestCase(typeof(List<IPAddress>))]
    public void TypeNameOf_TypeWhereOnlyTheValueDecidesOrNothingMaps_IsNull(Type type)
        => Assert.That(ClrTypeMap.TypeNameOf(type), Is.Null);

    [Test]
    public void TypeNameOf_UnmappedValue_IsRefusedWithAHint()
        => Assert.That(() => ClrTypeMap.TypeNameOf(new object[] { 1 }), Throws.TypeOf<InvalidCastException>().With.Message.Contain("ClickHouseVariant"));
}
