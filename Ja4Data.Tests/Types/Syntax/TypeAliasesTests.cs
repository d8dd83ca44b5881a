using Ja4Data.Types.Syntax;

namespace Ja4Data.Tests.Types.Syntax;

/// <summary>Expected texts are what ClickHouse 26.7 (chDB) prints for the same input (<c>toTypeName</c>).</summary>
[TestFixture]
public sealed class TypeAliasesTests
{
    [TestCase("INT", "Int32")]
    [TestCase("integer", "Int32")]
    [TestCase("MEDIUMINT", "Int32")]
    [TestCase("INT(11)", "Int32")]
    [TestCase("INT(11) UNSIGNED", "UInt32")]
    [TestCase("int unsigned", "UInt32")]
    [TestCase("INTEGER SIGNED", "Int32")]
    [TestCase("BIGINT", "Int64")]
    [TestCase("BIGINT UNSIGNED", "UInt64")]
    [TestCase("SIGNED", "Int64")]
    [TestCase("UNSIGNED", "UInt64")]
    [TestCase("BIT", "UInt64")]
    [TestCase("TINYINT", "Int8")]
    [TestCase("TINYINT UNSIGNED", "UInt8")]
    [TestCase("INT1 UNSIGNED", "UInt8")]
    [TestCase("BYTE", "Int8")]
    [TestCase("SMALLINT", "Int16")]
    [TestCase("SMALLINT UNSIGNED", "UInt16")]
    [TestCase("YEAR", "UInt16")]
    [TestCase("FLOAT", "Float32")]
    [TestCase("FLOAT(10)", "Float32")]
    [TestCase("REAL", "Float32")]
    [TestCase("DOUBLE", "Float64")]
    [TestCase("DOUBLE(10, 2)", "Float64")]
    [TestCase("double   precision", "Float64")]
    [TestCase("TEXT", "String")]
    [TestCase("VARCHAR(255)", "String")]
    [TestCase("VARCHAR2(10)", "String")]
    [TestCase("CHAR(10)", "String")]
    [TestCase("BLOB", "String")]
    [TestCase("LONGTEXT", "String")]
    [TestCase("BYTEA", "String")]
    [TestCase("NATIONAL CHARACTER LARGE OBJECT", "String")]
    [TestCase("BINARY(16)", "FixedString(16)")]
    [TestCase("BOOLEAN", "Bool")]
    [TestCase("bool", "Bool")]
    [TestCase("DEC(10, 2)", "Decimal(10, 2)")]
    [TestCase("NUMERIC(12,3)", "Decimal(12, 3)")]
    [TestCase("NUMERIC", "Decimal(10, 0)")]
    [TestCase("FIXED(5,1)", "Decimal(5, 1)")]
    [TestCase("decimal(20, 3)", "Decimal(20, 3)")]
    [TestCase("Decimal(10)", "Decimal(10, 0)")]
    [TestCase("Decimal32(3)", "Decimal(9, 3)")]
    [TestCase("Decimal64(4)", "Decimal(18, 4)")]
    [TestCase("Decimal128(5)", "Decimal(38, 5)")]
    [TestCase("Decimal256(6)", "Decimal(76, 6)")]
    [TestCase("decimal32(2)", "Decimal(9, 2)")]
    [TestCase("TIMESTAMP", "DateTime")]
    [TestCase("timestamp('UTC')", "DateTime('UTC')")]
    [TestCase("TIMESTAMP(3, 'UTC')", "DateTime64(3, 'UTC')")]
    [TestCase("DateTime(3)", "DateTime64(3)")]
    [TestCase("datetime", "DateTime")]
    [TestCase("DateTime32", "DateTime")]
    [TestCase("datetime64", "DateTime64(3)")]
    [TestCase("datetime64(3,'Europe/Amsterdam')", "DateTime64(3, 'Europe/Amsterdam')")]
    [TestCase("date32", "Date32")]
    [TestCase("time", "Time")]
    [TestCase("Time64", "Time64(3)")]
    [TestCase("json", "JSON")]
    [TestCase("INET4", "IPv4")]
    [TestCase("INET6", "IPv6")]
    [TestCase("GEOMETRY", "Geometry")]
    [TestCase("Enum('a', 'b')", "Enum8('a' = 1, 'b' = 2)")]
    [TestCase("ENUM('a' = -5, 'b')", "Enum8('a' = -5, 'b' = -4)")]
    [TestCase("Enum('a' = 127, 'b')", "Enum16('a' = 127, 'b' = 128)")]
    [TestCase("Enum('a' = -129)", "Enum16('a' = -129)")]
    [TestCase("Enum8('a', 'b')", "Enum8('a' = 1, 'b' = 2)")]
    [TestCase("Int32(11)", "Int32")]
    [TestCase("String(10)", "String")]
    [TestCase("UInt256(1)", "UInt256")]
    [TestCase("Variant(UInt64, String, Array(UInt8))", "Variant(Array(UInt8), String, UInt64)")]
    [TestCase(
        "JSON(max_dynamic_paths=10, max_dynamic_types=3, z String, a Array(String), SKIP y, SKIP b.c, SKIP REGEXP 'q.+')",
        "JSON(max_dynamic_types=3, max_dynamic_paths=10, a Array(String), z String, SKIP `b.c`, SKIP y, SKIP REGEXP 'q.+')")]
    [TestCase("Nullable(DOUBLE PRECISION)", "Nullable(Float64)")]
    [TestCase("Tuple(a DOUBLE PRECISION, b INT UNSIGNED)", "Tuple(a Float64, b UInt32)")]
    [TestCase("Map(String, Tuple(a Decimal32(2), b LowCardinality(Nullable(BINARY(3)))))", "Map(String, Tuple(a Decimal(9, 2), b LowCardinality(Nullable(FixedString(3)))))")]
    [TestCase("SimpleAggregateFunction(sum, BIGINT)", "SimpleAggregateFunction(sum, Int64)")]
    [TestCase("LowCardinality(Nullable(String))", "LowCardinality(Nullable(String))")]
    [TestCase("Tuple()", "Tuple()")]
    public void Canonicalize_ServerAcceptedSpelling_GivesTheServersName(string text, string expected)
    {
        Assert.That(TypeAliases.Canonicalize(TypeParser.Parse(text)).ToString(), Is.EqualTo(expected));
    }

    [TestCase("string")]
    [TestCase("nullable(String)")]
    [TestCase("uint64")]
    public void Canonicalize_CaseSensitiveFamilyInWrongCase_IsLeftForTheServerToReject(string text)
    {
        Assert.That(TypeAliases.Canonicalize(TypeParser.Parse(text)).ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Canonicalize_EveryMultiWordAlias_ParsesAsOneNameAndResolves()
    {
        foreach (var words in TypeAliases.MultiWordNames)
        {
            var spelled = string.Join("  ", words).ToLowerInvariant();
            var canonical = TypeAliases.Canonicalize(TypeParser.Parse(spelled));

            Assert.That(canonical.Name, Does.Not.Contain(' '), spelled);
            Assert.That(canonical.Name, Does.Match("^(U?Int(8|16|32|64)|Float(32|64)|String)$"), spelled);
        }
    }
}
