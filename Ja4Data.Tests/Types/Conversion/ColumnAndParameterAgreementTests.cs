using Ja4Data.Ado.Binding;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Types.Conversion;

/// <summary>
/// Columns and parameters take their values from one conversion table, so a value a column refuses is refused as a
/// parameter of the same type, and a value both accept means the same to both (parameter-only rules aside: a string
/// is always the text to parse, a bool is 1 or 0 in a number placeholder, a Bool placeholder takes only a bool).
/// </summary>
[TestFixture]
public sealed class ColumnAndParameterAgreementTests
{
    private enum Color : byte
    {
        A = 1,
        Other = 2,
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        TestCaseData Case(string type, object value) => new TestCaseData(type, value).SetArgDisplayNames(type, value.ToString()!);

        yield return Case("UInt8", 256);
        yield return Case("Int64", 1.5);
        yield return Case("Float64", Guid.Empty);
        yield return Case("Decimal(18, 2)", 0.125);
        yield return Case("Decimal(18, 2)", double.NaN);
        yield return Case("Date", new DateOnly(2149, 6, 7));
        yield return Case("Date32", new DateOnly(1899, 12, 31));
        yield return Case("DateTime", new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc));
        yield return Case("DateTime64(3)", new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        yield return Case("UUID", 42);
        yield return Case("IPv4", System.Net.IPAddress.IPv6Loopback);
        yield return Case("Enum8('A' = 1)", Color.Other);
        yield return Case("Time", Guid.Empty);
    }

    [TestCaseSource(nameof(Refused))]
    public void Value_RefusedByAColumn_IsRefusedAsAParameter_NamingTheSameProblem(string type, object value)
    {
        var column = Assert.Catch(() => CodecHarness.Encode(type, value));
        var parameter = Assert.Throws<ArgumentException>(() => ParameterFormatter.TextForm(value, type, "p"));
        Assert.That(column, Is.InstanceOf<InvalidCastException>().Or.InstanceOf<OverflowException>().Or.InstanceOf<FormatException>());
        Assert.That(parameter!.Message, Does.Contain("'p'").And.Contain(column!.Message));
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        TestCaseData Case(string type, object value, string text) => new TestCaseData(type, value, text).SetArgDisplayNames(type, value.ToString()!);

        yield return Case("UInt8", Color.Other, "2");
        yield return Case("Float32", Int128.MaxValue, "1.7014118E+38");
        yield return Case("Decimal(18, 2)", 0.1f, "0.1");
        yield return Case("Decimal(18, 2)", 0.1 + 0.2, "0.3");
        yield return Case("Decimal(38, 2)", UInt128.MaxValue / 1000, (UInt128.MaxValue / 1000).ToString());
        yield return Case("Date32", new DateOnly(1900, 1, 1), "1900-01-01");
        yield return Case("DateTime64(3)", new DateTime(2299, 12, 31, 23, 59, 59, DateTimeKind.Utc), "10413791999.000");
        yield return Case("Time", 3661, "1:01:01");
        yield return Case("IPv4", 0x7F000001u, "127.0.0.1");
        yield return Case("Enum8('A' = 1, 'B' = 2)", Color.Other, "B");
    }

    [TestCaseSource(nameof(Accepted))]
    public void Value_AcceptedByAColumn_IsAcceptedAsAParameter(string type, object value, string text)
    {
        Assert.That(CodecHarness.Encode(type, value), Is.Not.Empty);
        Assert.That(ParameterFormatter.TextForm(value, type, "p"), Is.EqualTo(text));
    }

    [Test]
    public void DotNetEnum_InADynamicColumn_IsStoredAsItsName_AloneOrInAnArray()
    {
        var bytes = CodecHarness.Encode("Dynamic", Color.Other, new[] { Color.A });
        Assert.That(CodecHarness.Decode("Dynamic", 2, bytes), Is.EqualTo(new object?[] { "Other", new[] { "A" } }));
    }

    [Test]
    public void DotNetEnum_InAStringColumn_IsItsName()
        => Assert.That(CodecHarness.Decode("String", 1, CodecHarness.Encode("String", Color.A)), Is.EqualTo(new object?[] { "A" }));
}
