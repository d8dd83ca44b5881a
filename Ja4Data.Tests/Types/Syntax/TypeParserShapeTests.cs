using Ja4Data.Types.Syntax;

namespace Ja4Data.Tests.Types.Syntax;

/// <summary>The trees the codecs interpret, for the inputs where a wrong split would still print plausibly.</summary>
[TestFixture]
public sealed class TypeParserShapeTests
{
    [Test]
    public void Parse_EnumWithHostileNames_UnescapesEveryName()
    {
        var node = TypeParser.Parse(@"Enum8('it\'s' = 1, 'a\\b' = -2, 'x, y = (z' = 3, 'уникод ✓' = -128, '' = 127)");

        Assert.That(node.Name, Is.EqualTo("Enum8"));
        Assert.That(node.Arguments, Is.EqualTo(new TypeArgument[]
        {
            new EnumArg("it's", 1), new EnumArg(@"a\b", -2), new EnumArg("x, y = (z", 3), new EnumArg("уникод ✓", -128),
            new EnumArg(string.Empty, 127),
        }));
    }

    [Test]
    public void Parse_NamedTuple_KeepsElementNamesAndTypes()
    {
        var node = TypeParser.Parse(@"Tuple(a UInt8, `x y` String, `q\`\\` Array(Nullable(Int64)), Float32)");

        Assert.That(node.Arguments, Is.EqualTo(new TypeArgument[]
        {
            new TypeArg(new TypeNode("UInt8"), "a"),
            new TypeArg(new TypeNode("String"), "x y"),
            new TypeArg(TypeParser.Parse("Array(Nullable(Int64))"), @"q`\"),
            new TypeArg(new TypeNode("Float32"), null),
        }));
        Assert.That(node.TypeArgument(2).TypeArgument(0).TypeArgument(0).Name, Is.EqualTo("Int64"));
    }

    [Test]
    public void Parse_DateTime64WithTimeZone_GivesNumberAndString()
    {
        var node = TypeParser.Parse("DateTime64(3, 'Europe/Amsterdam')");

        Assert.That(node.Arguments, Is.EqualTo(new TypeArgument[] { new NumberArg("3"), new StringArg("Europe/Amsterdam") }));
        Assert.That(node.Int64Argument(0), Is.EqualTo(3));
        Assert.That(node.StringArgument(1), Is.EqualTo("Europe/Amsterdam"));
    }

    [Test]
    public void Parse_Map_HasTwoTypeArguments()
    {
        var node = TypeParser.Parse("Map(String,Array(UInt64))");

        Assert.That(node.TypeArgument(0), Is.EqualTo(new TypeNode("String")));
        Assert.That(node.TypeArgument(1).ToString(), Is.EqualTo("Array(UInt64)"));
    }

    [Test]
    public void Parse_SimpleAggregateFunction_ReadsTheFunctionAsIdentifier()
    {
        var node = TypeParser.Parse("SimpleAggregateFunction(sum, UInt64)");

        Assert.That(node.Arguments, Is.EqualTo(new TypeArgument[] { new IdentifierArg("sum"), new TypeArg(new TypeNode("UInt64"), null) }));
    }

    [Test]
    public void Parse_AggregateFunctionWithVersionAndParameters_KeepsTheFunctionAsRawText()
    {
        var node = TypeParser.Parse("AggregateFunction(1, quantiles(0.5, 0.9), Nullable(UInt64))");

        Assert.That(node.Arguments[0], Is.EqualTo(new NumberArg("1")));
        Assert.That(node.Arguments[1], Is.EqualTo(new RawArg("quantiles(0.5, 0.9)")));
        Assert.That(node.TypeArgument(2).ToString(), Is.EqualTo("Nullable(UInt64)"));
    }

    [Test]
    public void Parse_AggregateFunctionArgumentThatIsNotAType_KeepsItAsRawText()
    {
        var node = TypeParser.Parse("AggregateFunction(argMax, Tuple(a 1), UInt8)");

        Assert.That(node.Arguments[1], Is.EqualTo(new RawArg("Tuple(a 1)")));
        Assert.That(node.TypeArgument(2).Name, Is.EqualTo("UInt8"));
    }

    [Test]
    public void Parse_JsonArguments_GivesEachKind()
    {
        var node = TypeParser.Parse("JSON(a.b UInt32, SKIP c.d, SKIP REGEXP 'x\\\\..*', max_dynamic_paths=10, `SKIP` String)");

        Assert.That(node.Arguments, Is.EqualTo(new TypeArgument[]
        {
            new TypeArg(new TypeNode("UInt32"), "a.b"),
            new SkipArg("c.d", IsRegexp: false),
            new SkipArg(@"x\..*", IsRegexp: true),
            new SettingArg("max_dynamic_paths", "10"),
            new TypeArg(new TypeNode("String"), "SKIP"),
        }));
    }

    [Test]
    public void Parse_DynamicWithSetting_GivesSettingArg()
    {
        Assert.That(TypeParser.Parse("Dynamic(max_types = 16)").Arguments, Is.EqualTo(new TypeArgument[] { new SettingArg("max_types", "16") }));
    }

    [Test]
    public void Parse_Nested_GivesNamedElements()
    {
        var node = TypeParser.Parse("Nested(id UInt32, name LowCardinality(String))");

        Assert.That(string.Join(",", node.Arguments.Cast<TypeArg>().Select(a => a.ElementName)), Is.EqualTo("id,name"));
        Assert.That(node.TypeArgument(1).ToString(), Is.EqualTo("LowCardinality(String)"));
    }

    [Test]
    public void Parse_EmptyParentheses_DiffersFromNone()
    {
        var empty = TypeParser.Parse("Tuple()");
        var bare = TypeParser.Parse("Tuple");

        Assert.That((empty.HasParentheses, empty.Arguments.Count), Is.EqualTo((true, 0)));
        Assert.That((bare.HasParentheses, bare.Arguments.Count), Is.EqualTo((false, 0)));
        Assert.That(empty, Is.Not.EqualTo(bare));
    }

    [Test]
    public void Parse_MultiWordAliasAsElementType_IsOneTypeName()
    {
        var node = TypeParser.Parse("Tuple(a DOUBLE PRECISION, double Float64, b INT UNSIGNED)");

        Assert.That(node.Arguments, Is.EqualTo(new TypeArgument[]
        {
            new TypeArg(new TypeNode("DOUBLE PRECISION"), "a"),
            new TypeArg(new TypeNode("Float64"), "double"),
            new TypeArg(new TypeNode("INT UNSIGNED"), "b"),
        }));
    }

    [Test]
    public void Parse_NegativeAndFractionalNumbers_KeepTheirText()
    {
        var node = TypeParser.Parse("AggregateFunction(quantile(0.5), Decimal(-1, 1e3))");

        Assert.That(node.TypeArgument(1).Arguments, Is.EqualTo(new TypeArgument[] { new NumberArg("-1"), new NumberArg("1e3") }));
        Assert.That(() => new NumberArg("1e3").AsInt64(), Throws.InstanceOf<FormatException>());
        Assert.That(new NumberArg("-1").AsInt64(), Is.EqualTo(-1));
    }

    [Test]
    public void TypeArgument_ArgumentIsNotAType_ThrowsNamingTheType()
    {
        var node = TypeParser.Parse("FixedString(16)");

        Assert.That(() => node.TypeArgument(0), Throws.InstanceOf<FormatException>().With.Message.Contains("FixedString(16)"));
        Assert.That(() => node.TypeArgument(1), Throws.InstanceOf<FormatException>().With.Message.Contains("FixedString(16)"));
        Assert.That(() => node.StringArgument(0), Throws.InstanceOf<FormatException>());
        Assert.That(node.Int64Argument(0), Is.EqualTo(16));
    }
}
