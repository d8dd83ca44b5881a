using System.Net;
using NUnit.Framework;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>
/// Every .NET type we bind, through the client-side literal path on the live 18.16 server (its types only: no Bool,
/// DateTime64, IPv4, Map or Int128 there; chDB covers those in the unit tests). Each case evaluates to 1 on the server.
/// </summary>
[TestFixture]
public sealed class ParameterTypesLiveTests
{
    private static readonly DateTime Instant = new(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc);

    private enum Color
    {
        Red = 1,
        Green = 2,
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(object? value, string type, string check) => new TestCaseData(value, type, check).SetArgDisplayNames(type, check);

        yield return Case((byte)255, "UInt8", "{v} = 255");
        yield return Case(sbyte.MinValue, "Int8", "{v} = -128");
        yield return Case(ulong.MaxValue, "UInt64", "{v} = 18446744073709551615");
        yield return Case(long.MinValue, "Int64", "{v} = -9223372036854775808");
        yield return Case(Color.Green, "UInt16", "{v} = 2");
        yield return Case(true, "UInt8", "{v} = 1");
        yield return Case(0.1f, "Float32", "{v} = toFloat32(0.1)");
        yield return Case(0.1, "Float64", "{v} = 0.1");
        yield return Case(double.MaxValue, "Float64", "{v} = 1.7976931348623157e308");
        yield return Case(double.NaN, "Float64", "isNaN({v})");
        yield return Case(double.NegativeInfinity, "Float64", "isInfinite({v}) AND {v} < 0");
        yield return Case(1.5m, "Decimal(18, 4)", "{v} = toDecimal64('1.5', 4)");
        yield return Case(-79228162514264337593543950335m, "Decimal(38, 0)", "{v} = toDecimal128('-79228162514264337593543950335', 0)");
        yield return Case("O'Brien\\\t\n\0", "String", "{v} = 'O\\'Brien\\\\\\t\\n\\0'");
        yield return Case(new byte[] { 0xFF, 0x00, 0x27, 0x5C }, "String", "hex({v}) = 'FF00275C'");
        yield return Case('x', "FixedString(2)", "{v} = toFixedString('x', 2)");
        yield return Case(Instant, "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(Instant, "DateTime('Asia/Tokyo')", "toString({v}) = '2023-11-15 07:13:20'");
        yield return Case(DateTime.SpecifyKind(Instant, DateTimeKind.Unspecified), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(Instant.ToLocalTime(), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(new DateTimeOffset(2023, 11, 15, 7, 13, 20, TimeSpan.FromHours(9)), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return Case(DateTime.UnixEpoch.AddDays(1), "DateTime", "toUnixTimestamp({v}) = 86400");
        yield return Case(DateTime.UnixEpoch.AddSeconds(1), "DateTime", "toUnixTimestamp({v}) = 1");
        yield return Case(new DateOnly(2023, 11, 14), "Date", "{v} = toDate('2023-11-14')");
        yield return Case(new DateTime(2023, 11, 14, 23, 30, 0, DateTimeKind.Local), "Date", "{v} = toDate('2023-11-14')");
        yield return Case(new DateOnly(2023, 11, 14), "DateTime('UTC')", "toUnixTimestamp({v}) = 1699920000");
        yield return Case(Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001"), "UUID", "{v} = toUUID('6f1c2a3e-0000-4000-8000-000000000001')");
        yield return Case(IPAddress.Parse("10.1.2.3"), "String", "{v} = '10.1.2.3'");
        yield return Case(Color.Green, "Enum8('Red' = 1, 'Green' = 2)", "toString({v}) = 'Green'");
        yield return Case("it's", "Enum8('a' = 1, 'it''s' = 2)", "toInt8({v}) = 2");
        yield return Case(null, "Nullable(String)", "isNull({v})");
        yield return Case(DBNull.Value, "Nullable(UInt32)", "isNull({v})");
        yield return Case(new[] { "a'b\\", null, "\t" }, "Array(Nullable(String))", "{v} = ['a\\'b\\\\', NULL, '\\t']");
        yield return Case(new[] { new[] { 1 }, new[] { 2, 3 } }, "Array(Array(Int32))", "{v} = [[1], [2, 3]]");
        yield return Case(new List<ulong> { 1, ulong.MaxValue }, "Array(UInt64)", "{v} = [1, 18446744073709551615]");
        yield return Case(Array.Empty<string>(), "Array(String)", "empty({v})");
        yield return Case(new[] { Instant }, "Array(DateTime)", "arrayMap(x -> toUnixTimestamp(x), {v}) = [1700000000]");
        yield return Case(new[] { double.NaN, 1.5 }, "Array(Float64)", "isNaN({v}[1]) AND {v}[2] = 1.5");
        yield return Case((1, "x'"), "Tuple(UInt8, String)", "{v} = tuple(1, 'x\\'')");
        yield return Case("12", "UInt8", "{v} = 12");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Literal_ParsesToTheIntendedValue(object? value, string type, string check)
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT " + check.Replace("{v}", $"{{p:{type}}}", StringComparison.Ordinal);
        command.Parameters.AddWithValue("p", value);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((byte)1), command.CommandText);
    }

    [Test]
    public async Task OutOfRangeValue_IsRefusedBeforeAnythingIsSent_AndTheConnectionStaysUsable()
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT {p:UInt8}";
        command.Parameters.AddWithValue("p", 256);
        var ex = Assert.ThrowsAsync<ArgumentException>(() => command.ExecuteScalarAsync());
        Assert.That(ex!.Message, Does.Contain("'p'").And.Contain("UInt8"));

        command.Parameters[0].Value = 255;
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((byte)255));
    }
}
