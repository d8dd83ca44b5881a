using System.Collections.Frozen;

namespace Ja4Data.Types.Syntax;

/// <summary>
/// Rewrites a parsed type into the canonical spelling servers print: SQL aliases to their ClickHouse family
/// (<c>BIGINT</c> to <c>Int64</c>), case-insensitive families to their proper case, and shorthand to its full form
/// (<c>Decimal32(S)</c> to <c>Decimal(9, S)</c>, <c>Enum('a', 'b')</c> to <c>Enum8('a' = 1, 'b' = 2)</c>).
/// </summary>
internal static class TypeAliases
{
    /// <summary>
    /// Every alias in <c>system.data_type_families</c> of ClickHouse 26.7 (<c>alias_to != ''</c>) except <c>bool</c>
    /// and <c>ENUM</c>, which the case-insensitive families below already cover. All are case-insensitive except
    /// <c>GEOMETRY</c>.
    /// </summary>
    private static readonly (string Alias, string Family)[] AliasTable =
    [
        // Integers: MySQL names, with and without a SIGNED/UNSIGNED word.
        ("TINYINT", "Int8"), ("INT1", "Int8"), ("BYTE", "Int8"), ("TINYINT SIGNED", "Int8"), ("INT1 SIGNED", "Int8"),
        ("TINYINT UNSIGNED", "UInt8"), ("INT1 UNSIGNED", "UInt8"),
        ("SMALLINT", "Int16"), ("SMALLINT SIGNED", "Int16"),
        ("SMALLINT UNSIGNED", "UInt16"), ("YEAR", "UInt16"),
        ("INT", "Int32"), ("INTEGER", "Int32"), ("MEDIUMINT", "Int32"),
        ("INT SIGNED", "Int32"), ("INTEGER SIGNED", "Int32"), ("MEDIUMINT SIGNED", "Int32"),
        ("INT UNSIGNED", "UInt32"), ("INTEGER UNSIGNED", "UInt32"), ("MEDIUMINT UNSIGNED", "UInt32"),
        ("BIGINT", "Int64"), ("BIGINT SIGNED", "Int64"), ("SIGNED", "Int64"),
        ("BIGINT UNSIGNED", "UInt64"), ("UNSIGNED", "UInt64"), ("BIT", "UInt64"), ("SET", "UInt64"),

        // Floating point.
        ("FLOAT", "Float32"), ("REAL", "Float32"), ("SINGLE", "Float32"),
        ("DOUBLE", "Float64"), ("DOUBLE PRECISION", "Float64"),

        // Strings and binary strings (ClickHouse strings are bytes either way).
        ("CHAR", "String"), ("CHARACTER", "String"), ("VARCHAR", "String"), ("VARCHAR2", "String"),
        ("NCHAR", "String"), ("NVARCHAR", "String"), ("TEXT", "String"), ("TINYTEXT", "String"),
        ("MEDIUMTEXT", "String"), ("LONGTEXT", "String"), ("CLOB", "String"), ("BLOB", "String"),
        ("TINYBLOB", "String"), ("MEDIUMBLOB", "String"), ("LONGBLOB", "String"), ("BYTEA", "String"),
        ("VARBINARY", "String"), ("BINARY VARYING", "String"), ("BINARY LARGE OBJECT", "String"),
        ("CHAR VARYING", "String"), ("CHARACTER VARYING", "String"), ("CHAR LARGE OBJECT", "String"),
        ("CHARACTER LARGE OBJECT", "String"), ("NCHAR VARYING", "String"), ("NCHAR LARGE OBJECT", "String"),
        ("NATIONAL CHAR", "String"), ("NATIONAL CHARACTER", "String"), ("NATIONAL CHAR VARYING", "String"),
        ("NATIONAL CHARACTER VARYING", "String"), ("NATIONAL CHARACTER LARGE OBJECT", "String"),
        ("BINARY", "FixedString"),

        // Everything else.
        ("DEC", "Decimal"), ("NUMERIC", "Decimal"), ("FIXED", "Decimal"),
        ("BOOLEAN", "Bool"),
        ("TIMESTAMP", "DateTime"),
        ("INET4", "IPv4"), ("INET6", "IPv6"),
    ];

    /// <summary>Families whose own name is case-insensitive (<c>system.data_type_families.case_insensitive</c>).</summary>
    private static readonly string[] CaseInsensitiveFamilies =
    [
        "Bool", "Date", "Date32", "DateTime", "DateTime32", "DateTime64", "Decimal", "Decimal32", "Decimal64",
        "Decimal128", "Decimal256", "Enum", "JSON", "Time", "Time64",
    ];

    /// <summary>Families whose arguments the server accepts and drops (MySQL display widths and precisions: <c>INT(11)</c>, <c>FLOAT(10)</c>).</summary>
    private static readonly FrozenSet<string> IgnoredArgumentFamilies = FrozenSet.Create(
        StringComparer.Ordinal,
        "Int8", "Int16", "Int32", "Int64", "Int128", "Int256", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256",
        "BFloat16", "Float32", "Float64", "String");

    private static readonly FrozenDictionary<string, string> CaseInsensitiveNames = AliasTable
        .Concat(CaseInsensitiveFamilies.Select(family => (Alias: family, Family: family)))
        .ToFrozenDictionary(entry => entry.Alias, entry => entry.Family, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> CaseSensitiveNames =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["GEOMETRY"] = "Geometry" }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The words of each multi-word alias (<c>DOUBLE PRECISION</c>), which the parser reads as one name.</summary>
    internal static IReadOnlyList<string[]> MultiWordNames { get; } =
        [.. AliasTable.Where(entry => entry.Alias.Contains(' ', StringComparison.Ordinal)).Select(entry => entry.Alias.Split(' '))];

    /// <summary>True when <paramref name="name"/> (words separated by single spaces) is a known alias.</summary>
    internal static bool IsAlias(string name) => CaseInsensitiveNames.ContainsKey(name);

    /// <summary>The canonical form of <paramref name="node"/> and of every type nested in it.</summary>
    public static TypeNode Canonicalize(TypeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var family = CaseSensitiveNames.GetValueOrDefault(node.Name) ?? CaseInsensitiveNames.GetValueOrDefault(node.Name) ?? node.Name;
        var arguments = node.Arguments.Select(CanonicalizeArgument).ToList();
        return family switch
        {
            "Decimal32" or "Decimal64" or "Decimal128" or "Decimal256" when arguments.Count == 1 =>
                new TypeNode("Decimal", [Number(DecimalPrecision(family)), arguments[0]]),
            "Decimal" when arguments.Count < 2 =>
                new TypeNode("Decimal", [arguments.Count == 1 ? arguments[0] : Number(10), Number(0)]),
            "DateTime" when arguments is [NumberArg, ..] => new TypeNode("DateTime64", arguments),
            "DateTime32" => new TypeNode("DateTime", arguments),
            "DateTime64" or "Time64" when arguments.Count == 0 => new TypeNode(family, [Number(3)]),
            "Enum" or "Enum8" or "Enum16" when arguments.Count > 0 => CanonicalizeEnum(family, arguments),
            "Variant" => new TypeNode(family, arguments.OrderBy(a => a is TypeArg ? 0 : 1).ThenBy(a => a.ToString(), StringComparer.Ordinal)),
            "JSON" => new TypeNode(family, OrderJsonArguments(arguments), node.HasParentheses),
            _ when IgnoredArgumentFamilies.Contains(family) => new TypeNode(family),
            _ => new TypeNode(family, arguments, node.HasParentheses),
        };
    }

    private static TypeArgument CanonicalizeArgument(TypeArgument argument) =>
        argument is TypeArg typeArg ? typeArg with { Type = Canonicalize(typeArg.Type) } : argument;

    private static NumberArg Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static int DecimalPrecision(string family) => family switch
    {
        "Decimal32" => 9,
        "Decimal64" => 18,
        "Decimal128" => 38,
        _ => 76,
    };

    // Elements without a value continue from the previous one (the first from 1); a bare Enum becomes Enum8 when
    // every value fits in Int8 and Enum16 otherwise, as DataTypeEnum's factory decides.
    private static TypeNode CanonicalizeEnum(string family, List<TypeArgument> arguments)
    {
        var elements = new List<TypeArgument>(arguments.Count);
        var next = 1L;
        foreach (var argument in arguments)
        {
            var element = argument is StringArg name ? new EnumArg(name.Value, next) : argument;
            if (element is EnumArg value)
            {
                next = value.Value + 1;
            }

            elements.Add(element);
        }

        if (family == "Enum")
        {
            var fitsInt8 = elements.All(e => e is not EnumArg { Value: < sbyte.MinValue or > sbyte.MaxValue });
            family = fitsInt8 ? "Enum8" : "Enum16";
        }

        return new TypeNode(family, elements);
    }

    // The order DataTypeObject prints: limits, typed paths by name, SKIP paths by name, then SKIP REGEXPs as written.
    private static IEnumerable<TypeArgument> OrderJsonArguments(List<TypeArgument> arguments) =>
        arguments.OrderBy(JsonRank).ThenBy(
            a => a switch
            {
                TypeArg { ElementName: { } path } => path,
                SkipArg { IsRegexp: false } skip => skip.Path,
                _ => string.Empty,
            },
            StringComparer.Ordinal);

    private static int JsonRank(TypeArgument argument) => argument switch
    {
        SettingArg { Name: "max_dynamic_types" } => 0,
        SettingArg => 1,
        TypeArg => 2,
        SkipArg { IsRegexp: false } => 3,
        SkipArg => 4,
        _ => 5,
    };
}
