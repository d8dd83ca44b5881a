using System.Net;
using System.Text.Json;
using Ja4Data.Types.Columns;

namespace Ja4Data.Tests.Types;

/// <summary>How a JSON column read as one column per path renders a row as JSON text.</summary>
[TestFixture]
public sealed class JsonObjectColumnDataTests
{
    private static readonly object?[] ValueCases =
    [
        new object?[] { true, "true" },
        new object?[] { "text", "\"text\"" },
        new object?[] { 0.1 + 0.2, "0.30000000000000004" },
        new object?[] { 1e21, "1E+21" },
        new object?[] { 1.5f, "1.5" },
        new object?[] { double.NaN, "null" },
        new object?[] { float.PositiveInfinity, "null" },
        new object?[] { (sbyte)-5, "-5" },
        new object?[] { (ushort)60000, "60000" },
        new object?[] { 4_000_000_000u, "4000000000" },
        new object?[] { long.MinValue, "-9223372036854775808" },
        new object?[] { ulong.MaxValue, "18446744073709551615" },
        new object?[] { 1.50m, "1.50" },
        new object?[] { UInt128.MaxValue, "340282366920938463463374607431768211455" },
        new object?[] { new DateOnly(2024, 2, 29), "\"2024-02-29\"" },
        new object?[] { new DateTime(2024, 1, 2, 3, 4, 5), "\"2024-01-02 03:04:05\"" },
        new object?[] { new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1_234_567), "\"2024-01-02 03:04:05.1234567\"" },
        new object?[] { Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"), "\"01234567-89ab-cdef-0123-456789abcdef\"" },
        new object?[] { IPAddress.Parse("::ffff:1.2.3.4"), "\"::ffff:1.2.3.4\"" },
        new object?[] { new object?[] { 1, "a", null, new[] { 2.5 } }, "[1,\"a\",null,[2.5]]" },
        new object?[] { new Dictionary<string, object?> { ["k"] = 1, ["n"] = null }, "{\"k\":1,\"n\":null}" },
        new object?[] { new byte[] { 0x68, 0x69 }, "\"hi\"" },
    ];

    [Test]
    public void Get_DottedPaths_NestSortedAndLeaveOutNulls()
    {
        using var data = Json(
            ("b.y", [1, null]),
            ("a", ["x", null]),
            ("b.x", [null, 2]),
            ("c.d.e", [null, null]));

        Assert.Multiple(() =>
        {
            Assert.That(data.Get(0), Is.EqualTo("""{"a":"x","b":{"y":1}}"""));
            Assert.That(data.Get(1), Is.EqualTo("""{"b":{"x":2}}"""));
        });
    }

    [Test]
    public void Get_PathThatIsAlsoAParent_IsTheObjectWhenAChildHasAValue()
    {
        using var data = Json(("a", [1, 1]), ("a.b", [2, null]));

        Assert.Multiple(() =>
        {
            Assert.That(data.Get(0), Is.EqualTo("""{"a":{"b":2}}"""));
            Assert.That(data.Get(1), Is.EqualTo("""{"a":1}"""));
        });
    }

    [TestCaseSource(nameof(ValueCases))]
    public void Get_ValueOfEachKind_RendersAsJson(object? value, string json)
    {
        using var data = Json(("v", [value]));

        Assert.That(data.Get(0), Is.EqualTo("{\"v\":" + json + "}"));
    }

    [TestCase("quote \" backslash \\ slash /")]
    [TestCase("controls \n\r\t\b\f\u0001\u001f\u007f")]
    [TestCase("separators \u2028\u2029")]
    [TestCase("caf\u00e9 \U0001F600")]
    public void Get_TextNeedingEscapes_ParsesBackToTheSameText(string text)
    {
        using var data = Json(("k\"ey", [text]));

        using var parsed = JsonDocument.Parse(data.Get(0));

        Assert.That(parsed.RootElement.GetProperty("k\"ey").GetString(), Is.EqualTo(text));
    }

    [Test]
    public void Get_NonAsciiText_StaysUtf8()
        => Assert.That(Json(("v", ["caf\u00e9 \u00fc"])).Get(0), Is.EqualTo("{\"v\":\"caf\u00e9 \u00fc\"}"));

    [Test]
    public void Get_ValueThatIsItselfAJsonColumn_DoesNotDisturbTheOuterRow()
    {
        var inner = Json(("x", [1]));
        using var outer = new JsonObjectColumnData([("a", new Values([true])), ("j", inner), ("z", new Values(["end"]))], 1);

        Assert.That(outer.Get(0), Is.EqualTo("""{"a":true,"j":"{\"x\":1}","z":"end"}"""));
    }

    [Test]
    public void Get_RowOutOfRange_Throws()
        => Assert.That(() => Json(("a", [1])).Get(1), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Get_ManyRows_AllocatesOnlyTheResultAndTheBoxedValues()
    {
        const int rows = 10_000;
        using var data = Json(("a.b", [.. Enumerable.Range(0, rows).Select(i => (object?)"some text")]), ("c", [.. Enumerable.Range(0, rows).Select(i => (object?)true)]));
        data.Get(0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var row = 0; row < rows; row++)
        {
            data.Get(row);
        }

        var perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)rows;

        // The result {"a":{"b":"some text"},"c":true} is a 33-character string: 88 bytes. A tree of dictionaries per
        // row (as rendering used to build) would be several hundred.
        TestContext.Out.WriteLine($"{perRow} bytes per row");
        Assert.That(perRow, Is.LessThan(128));
    }

    private static JsonObjectColumnData Json(params (string Path, object?[] Values)[] paths)
        => new([.. paths.Select(p => (p.Path, (ColumnData)new Values(p.Values)))], paths[0].Values.Length);

    /// <summary>A column of given values; NULL where the value is null.</summary>
    private sealed class Values(object?[] values) : ColumnData
    {
        public override int Count => values.Length;

        public override object? GetValue(int row) => values[row];

        public override bool IsNull(int row) => values[row] is null;
    }
}
