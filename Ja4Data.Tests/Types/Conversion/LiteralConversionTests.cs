using Ja4Data.Sql;
using Ja4Data.Tests.Conformance;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Tests.Types.Conversion;

/// <summary>
/// Literals of inline INSERT data into column types by ClickHouse's rules: converted by the conversion table, encoded by
/// the column's builder, decoded again and rendered as ClickHouse renders the stored value (TabSeparated).
/// </summary>
[TestFixture]
public sealed class LiteralConversionTests
{
    private static readonly LiteralContext Utc = new(ValueConvert.TimeZone("UTC"));

    private static string Stored(string literal, string type, LiteralContext? context = null)
    {
        var codec = ColumnCodecFactory.Get(type);
        var value = ValueConvert.FromSqlValue(ValuesParser.ParseLiteral(literal), codec.Type, context ?? Utc);
        var stored = CodecHarness.Decode(type, 1, CodecHarness.Encode(type, value));
        return ClickHouseText.Row([codec], stored);
    }

    [TestCase("42", "UInt8", "42")]
    [TestCase("-128", "Int8", "-128")]
    [TestCase("'123'", "UInt32", "123")]
    [TestCase("1e3", "UInt16", "1000")]
    [TestCase("0xFF", "UInt8", "255")]
    [TestCase("18446744073709551615", "UInt64", "18446744073709551615")]
    [TestCase("-170141183460469231731687303715884105728", "Int128", "-170141183460469231731687303715884105728")]
    [TestCase("true", "UInt8", "1")]
    [TestCase("1.5", "Float64", "1.5")]
    [TestCase("-inf", "Float32", "-inf")]
    [TestCase("'nan'", "Float64", "nan")]
    [TestCase("'1e-3'", "Float64", "0.001")]
    [TestCase("1.25", "Decimal(9, 2)", "1.25")]
    [TestCase("'-1.2'", "Decimal(9, 2)", "-1.2")]
    [TestCase("12.5e-1", "Decimal(18, 4)", "1.25")]
    [TestCase("123456789012345678901234567890.12345678", "Decimal(38, 8)", "123456789012345678901234567890.12345678")]
    [TestCase("'abc'", "String", "abc")]
    [TestCase(@"'tab\there'", "String", @"tab\there")]
    [TestCase("'ab'", "FixedString(3)", @"ab\0")]
    [TestCase("'2024-01-02'", "Date", "2024-01-02")]
    [TestCase("'20240102'", "Date", "2024-01-02")]
    [TestCase("'2024-1-2'", "Date", "2024-01-02")]
    [TestCase("19000", "Date", "2022-01-08")]
    [TestCase("'1900-01-01'", "Date32", "1900-01-01")]
    [TestCase("'2024-01-02 03:04:05'", "DateTime", "2024-01-02 03:04:05")]
    [TestCase("'2024-01-02T03:04:05Z'", "DateTime", "2024-01-02 03:04:05")]
    [TestCase("'2024-01-02 03:04:05+02:00'", "DateTime", "2024-01-02 01:04:05")]
    [TestCase("'2024-01-02 03:04'", "DateTime", "2024-01-02 03:04:00")]
    [TestCase("'2024-01-02'", "DateTime", "2024-01-02 00:00:00")]
    [TestCase("1700000000", "DateTime", "2023-11-14 22:13:20")]
    [TestCase("'1700000000'", "DateTime", "2023-11-14 22:13:20")]
    [TestCase("'2024-01-02 03:04:05'", "DateTime('Asia/Tokyo')", "2024-01-02 03:04:05")]
    [TestCase("'2024-01-02 03:04:05.678'", "DateTime64(3)", "2024-01-02 03:04:05.678")]
    [TestCase("'2024-01-02 03:04:05.123456'", "DateTime64(3)", "2024-01-02 03:04:05.123")]
    [TestCase("1700000000123", "DateTime64(3)", "2023-11-14 22:13:20.123")]
    [TestCase("1700000000.5", "DateTime64(3)", "2023-11-14 22:13:20.500")]
    [TestCase("'1700000000.25'", "DateTime64(2)", "2023-11-14 22:13:20.25")]
    [TestCase("true", "Bool", "true")]
    [TestCase("'yes'", "Bool", "true")]
    [TestCase("0", "Bool", "false")]
    [TestCase("'b'", "Enum8('a' = 1, 'b' = 2)", "b")]
    [TestCase("2", "Enum8('a' = 1, 'b' = 2)", "b")]
    [TestCase("'1'", "Enum16('a' = 1, 'b' = 2)", "a")]
    [TestCase("'61f0c404-5cb3-11e7-907b-a6006ad3dba0'", "UUID", "61f0c404-5cb3-11e7-907b-a6006ad3dba0")]
    [TestCase("'1.2.3.4'", "IPv4", "1.2.3.4")]
    [TestCase("16909060", "IPv4", "1.2.3.4")]
    [TestCase("'::ffff:1.2.3.4'", "IPv6", "::ffff:1.2.3.4")]
    [TestCase("NULL", "Nullable(UInt8)", @"\N")]
    [TestCase("'x'", "LowCardinality(Nullable(String))", "x")]
    [TestCase("['a', NULL]", "Array(Nullable(String))", "['a',NULL]")]
    [TestCase("[[1, 2], []]", "Array(Array(UInt8))", "[[1,2],[]]")]
    [TestCase("'[1, 2]'", "Array(UInt8)", "[1,2]")]
    [TestCase("(1, 'x')", "Tuple(UInt8, String)", "(1,'x')")]
    [TestCase("((7))", "Tuple(UInt8)", "(7)")]
    [TestCase("(7)", "UInt8", "7")]
    [TestCase("{'a': 1, 'b': 2}", "Map(String, UInt8)", "{'a':1,'b':2}")]
    [TestCase("'{''k'': [1]}'", "Map(String, Array(UInt8))", "{'k':[1]}")]
    [TestCase("(1.5, 2)", "Point", "(1.5,2)")]
    [TestCase("'1:02:03'", "Time", "01:02:03")]
    public void FromSqlValue_StoresWhatTheServerWouldStore(string literal, string type, string expected)
        => Assert.That(Stored(literal, type), Is.EqualTo(expected));

    [Test]
    public void FromSqlValue_DateTimeWithoutZone_IsReadInTheServersZone()
    {
        var tokyo = new LiteralContext(ValueConvert.TimeZone("Asia/Tokyo"));
        var value = ValueConvert.FromSqlValue(ValuesParser.ParseLiteral("'2024-01-02 09:00:00'"), ColumnCodecFactory.Get("DateTime").Type, tokyo);
        Assert.That(value, Is.EqualTo(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Test]
    public void FromSqlValue_Placeholder_StringIsTextToParse_OtherValuesPassThrough()
    {
        var context = new LiteralContext(ValueConvert.TimeZone("UTC"), i => i == 0 ? "2024-01-02" : 7);
        var date = ColumnCodecFactory.Get("Date").Type;
        Assert.That(ValueConvert.FromSqlValue(SqlValue.FromPlaceholder(0, "d", 0, 0), date, context), Is.EqualTo(new DateOnly(2024, 1, 2)));
        Assert.That(ValueConvert.FromSqlValue(SqlValue.FromPlaceholder(1, "n", 0, 0), ColumnCodecFactory.Get("UInt8").Type, context), Is.EqualTo(7));
        Assert.That(ValueConvert.FromSqlValue(SqlValue.FromPlaceholder(0, "s", 0, 0), ColumnCodecFactory.Get("String").Type, context), Is.EqualTo("2024-01-02"));
    }

    // Servers wrap, clamp, truncate or default these without a word; the one table refuses them.
    [TestCase("-1", "UInt32")]
    [TestCase("300", "Int8")]
    [TestCase("1.5", "UInt8")]
    [TestCase("1.255", "Decimal(9, 2)")]
    [TestCase("NULL", "UInt8")]
    [TestCase("'2024-13-01'", "Date")]
    [TestCase("'2024-02-30 00:00:00'", "DateTime")]
    [TestCase("'1969-12-31'", "Date")]
    [TestCase("'x'", "Enum8('a' = 1)")]
    [TestCase("3", "Enum8('a' = 1)")]
    [TestCase("14", "String")]
    [TestCase("'abcd'", "FixedString(3)")]
    [TestCase("' 5'", "UInt8")]
    [TestCase("[1]", "UInt8")]
    [TestCase("(1, 2, 3)", "Tuple(UInt8, UInt8)")]
    [TestCase("'maybe'", "Bool")]
    [TestCase("inf", "Decimal(9, 2)")]
    [TestCase("'not a uuid'", "UUID")]
    [TestCase("'2024-03-31 02:30:00'", "DateTime('Europe/Amsterdam')")]
    public void FromSqlValue_ValuesTheServerWouldAlter_AreRefused(string literal, string type)
    {
        var ex = Assert.Catch(() => Stored(literal, type));
        Assert.That(ex, Is.InstanceOf<FormatException>().Or.InstanceOf<InvalidCastException>().Or.InstanceOf<OverflowException>().Or.InstanceOf<ArgumentException>(), ex!.ToString());
    }

    [Test]
    public void FromText_UnknownTimeZone_SaysWhatToInstall()
    {
        var ex = Assert.Throws<FormatException>(() => ValueConvert.TimeZone("Nowhere/Special"));
        Assert.That(ex!.Message, Does.Contain("tzdata"));
    }
}
