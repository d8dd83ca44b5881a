using Ja4Data.Types.Syntax;

namespace Ja4Data.Tests.Types.Syntax;

/// <summary>
/// Parse then <c>ToString</c> gives the canonical spelling. The canonical texts are the single-line names ClickHouse
/// 26.7 (chDB) prints in Native block headers for these types (where it accepts them).
/// </summary>
[TestFixture]
public sealed class TypeParserRoundTripTests
{
    [TestCase("UInt64")]
    [TestCase("Nullable(String)")]
    [TestCase("LowCardinality(Nullable(String))")]
    [TestCase("Array(Array(Nullable(Int32)))")]
    [TestCase("Map(LowCardinality(String), Array(Tuple(UInt8, String)))")]
    [TestCase("Tuple(a UInt8, `x y` String)")]
    [TestCase("Tuple(a UInt8, b Tuple(c String, `d-e` UInt8))")]
    [TestCase("Tuple(`select` UInt8, `table` UInt8, `1a` UInt8, `a.b` UInt8, `all` UInt8, `DISTINCT` UInt8, `null` UInt8)")]
    [TestCase(@"Tuple(`a\`b` UInt8, `é` String, `a\\b` UInt8)")]
    [TestCase("Tuple(UInt8, String)")]
    [TestCase("Tuple()")]
    [TestCase("Nested(a UInt32, b String)")]
    [TestCase("Array(Nested(id UInt32, name String))")]
    [TestCase("Enum8('a' = 1, 'b' = 2)")]
    [TestCase(@"Enum8('it\'s' = 1, 'back\\slash' = 2, 'comma,eq=paren(' = 3, 'уникод' = 4)")]
    [TestCase(@"Enum8('a\nb' = 1, 'tab\there' = -2)")]
    [TestCase("Enum16('a' = -32768, 'b' = 32767)")]
    [TestCase("DateTime")]
    [TestCase("DateTime('Europe/Amsterdam')")]
    [TestCase("DateTime64(3, 'Europe/Amsterdam')")]
    [TestCase("DateTime64(9)")]
    [TestCase("Decimal(18, 4)")]
    [TestCase("SimpleAggregateFunction(sum, UInt64)")]
    [TestCase("SimpleAggregateFunction(anyLast, Nullable(String))")]
    [TestCase("AggregateFunction(uniq, String)")]
    [TestCase("AggregateFunction(quantiles(0.5, 0.9), UInt64)")]
    [TestCase("AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))")]
    [TestCase("AggregateFunction(sequenceMatch('(?1)(?2)'), DateTime, UInt8, UInt8)")]
    [TestCase("AggregateFunction(groupArrayResample(30, 75, 30), String, UInt8)")]
    [TestCase("Variant(Array(UInt8), String, UInt64)")]
    [TestCase("Dynamic")]
    [TestCase("Dynamic(max_types=16)")]
    [TestCase("JSON")]
    [TestCase("JSON(max_dynamic_paths=10)")]
    [TestCase("JSON(max_dynamic_paths=10, `a.b` UInt32, SKIP c, SKIP REGEXP 'x.*')")]
    [TestCase("JSON(`a b.c` UInt32, SKIP `d e`)")]
    [TestCase(@"JSON(max_dynamic_types=3, max_dynamic_paths=10, a Array(String), z String, SKIP `b.c`, SKIP y, SKIP REGEXP 'q\\d+')")]
    [TestCase("JSON(`SKIP` UInt8)")]
    [TestCase("Object('json')")]
    [TestCase("Point")]
    [TestCase("Ring")]
    [TestCase("Polygon")]
    [TestCase("MultiPolygon")]
    [TestCase("LineString")]
    [TestCase("MultiLineString")]
    [TestCase("IntervalSecond")]
    [TestCase("IntervalNanosecond")]
    [TestCase("FixedString(16)")]
    [TestCase("Nothing")]
    [TestCase("Nullable(Nothing)")]
    [TestCase("Time")]
    [TestCase("Time64(3)")]
    [TestCase("Bool")]
    [TestCase("UUID")]
    [TestCase("IPv6")]
    [TestCase("Date32")]
    [TestCase("Int256")]
    [TestCase("BFloat16")]
    [TestCase("QBit(Float32, 8)")]
    [TestCase("Map(String, Tuple(a Decimal(9, 2), b LowCardinality(Nullable(FixedString(3)))))")]
    [TestCase("Array(Tuple(`s p a c e` Nullable(DateTime64(6, 'Asia/Kolkata')), n Enum8('x' = 0)))")]
    public void Parse_CanonicalText_PrintsItBack(string text)
    {
        Assert.That(TypeParser.Parse(text).ToString(), Is.EqualTo(text));
    }

    [TestCase("Map(String,UInt64)", "Map(String, UInt64)")]
    [TestCase("Decimal(10,2)", "Decimal(10, 2)")]
    [TestCase("  Array( Nullable ( String ) )  ", "Array(Nullable(String))")]
    [TestCase("Tuple(\n    a UInt8,\n    `x y` String)", "Tuple(a UInt8, `x y` String)")]
    [TestCase("Enum8('a'=1,'b'=-2)", "Enum8('a' = 1, 'b' = -2)")]
    [TestCase("Enum8('it''s' = 1)", @"Enum8('it\'s' = 1)")]
    [TestCase(@"Enum8('\x41\xD0\xB6' = 1)", "Enum8('Aж' = 1)")]
    [TestCase(@"Enum8('100\%' = 1)", @"Enum8('100\\%' = 1)")]
    [TestCase("Dynamic(max_types = 10)", "Dynamic(max_types=10)")]
    [TestCase("DateTime64(3,'UTC')", "DateTime64(3, 'UTC')")]
    [TestCase("JSON(a.b UInt32, `c d`.e String)", "JSON(`a.b` UInt32, `c d.e` String)")]
    [TestCase("JSON(skip a.b, skip regexp 'x')", "JSON(SKIP `a.b`, SKIP REGEXP 'x')")]
    [TestCase("Tuple(```` UInt8)", @"Tuple(`\`` UInt8)")]
    [TestCase("double   precision", "double precision")]
    [TestCase("Tuple(a double\tprecision)", "Tuple(a double precision)")]
    [TestCase("INT(11) UNSIGNED", "INT UNSIGNED(11)")]
    public void Parse_LooseText_PrintsCanonicalSpacingAndQuoting(string text, string expected)
    {
        Assert.That(TypeParser.Parse(text).ToString(), Is.EqualTo(expected));
    }

    [TestCase("Tuple(a UInt8, `x y` Array(Enum8('p''q' = 1)))")]
    [TestCase("JSON(max_dynamic_paths=10, `a.b` UInt32, SKIP c, SKIP REGEXP 'x.*')")]
    [TestCase(@"Enum8('\\' = 1, '\'' = 2, '\t' = 3, 'é' = 4)")]
    [TestCase("AggregateFunction(quantiles(0.5, 0.9), Nullable(Decimal(38, 2)))")]
    public void Parse_ItsOwnOutput_GivesAnEqualTree(string text)
    {
        var first = TypeParser.Parse(text);
        var second = TypeParser.Parse(first.ToString());

        Assert.That(second, Is.EqualTo(first));
        Assert.That(second.GetHashCode(), Is.EqualTo(first.GetHashCode()));
    }
}
