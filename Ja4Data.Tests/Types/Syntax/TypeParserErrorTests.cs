using Ja4Data.Types.Syntax;

namespace Ja4Data.Tests.Types.Syntax;

[TestFixture]
public sealed class TypeParserErrorTests
{
    [TestCase("", 0)]
    [TestCase("   ", 3)]
    [TestCase("Array(", 6)]
    [TestCase("Array(UInt8", 11)]
    [TestCase("Array(UInt8))", 12)]
    [TestCase("Array(UInt8) x", 13)]
    [TestCase("Array(,)", 6)]
    [TestCase("Array(UInt8,)", 12)]
    [TestCase("Array()x", 7)]
    [TestCase("Enum8('a = 1)", 6)]
    [TestCase("Enum8('a' = )", 12)]
    [TestCase("Enum8('a' = 99999999999999999999)", 12)]
    [TestCase(@"Enum8('a\", 6)]
    [TestCase("Tuple(`a UInt8)", 6)]
    [TestCase("Tuple(a b c)", 10)]
    [TestCase("Tuple(`a` )", 9)]
    [TestCase("Decimal(10 2)", 11)]
    [TestCase("Decimal(1x)", 8)]
    [TestCase("Decimal(1e)", 9)]
    [TestCase("DateTime64(3, 'Europe/Amsterdam'", 32)]
    [TestCase("123", 0)]
    [TestCase("(UInt8)", 0)]
    [TestCase("Nullable(String) -- comment", 17)]
    [TestCase("Dynamic(max_types=)", 18)]
    [TestCase("AggregateFunction(quantiles(0.5, UInt64)", 18)]
    [TestCase("AggregateFunction(sum, 'x)", 23)]
    [TestCase("JSON(SKIP REGEXP 'x)", 17)]
    public void Parse_MalformedText_ThrowsFormatExceptionNamingThePosition(string text, int position)
    {
        Assert.That(
            () => TypeParser.Parse(text),
            Throws.InstanceOf<FormatException>().With.Message.Contains($"at position {position} "));
    }

    [Test]
    public void Parse_MalformedText_MessageQuotesTheText()
    {
        Assert.That(
            () => TypeParser.Parse("Map(String, UInt64"),
            Throws.InstanceOf<FormatException>().With.Message.Contains("\"Map(String, UInt64\""));
    }

    [Test]
    public void Parse_NestingAtTheCap_Succeeds()
    {
        var text = Nest(TypeParser.MaxDepth);

        Assert.That(TypeParser.Parse(text).ToString(), Is.EqualTo(text));
    }

    [TestCase(TypeParser.MaxDepth + 1)]
    [TestCase(1000)]
    [TestCase(100_000)]
    public void Parse_NestingBeyondTheCap_ThrowsAtTheFirstTooDeepType(int depth)
    {
        var tooDeepAt = "Array(".Length * (TypeParser.MaxDepth + 1);

        Assert.That(
            () => TypeParser.Parse(Nest(depth)),
            Throws.InstanceOf<FormatException>().With.Message.Contains($"deeper than {TypeParser.MaxDepth}").And.Message.Contains($"at position {tooDeepAt} "));
    }

    [Test]
    public void Parse_NestingBeyondTheCapInsideAggregateFunctionText_Throws()
    {
        var text = "AggregateFunction(" + new string('(', 1000) + new string(')', 1000) + ", UInt8)";

        Assert.That(() => TypeParser.Parse(text), Throws.InstanceOf<FormatException>().With.Message.Contains("deeper than"));
    }

    [Test]
    public void Parse_UnterminatedQuoteInLongText_KeepsTheMessageShort()
    {
        var text = "Enum8('" + new string('x', 100_000);

        Assert.That(
            () => TypeParser.Parse(text),
            Throws.InstanceOf<FormatException>().With.Message.Length.LessThan(400));
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("Array(", depth)) + "UInt8" + new string(')', depth);
}
