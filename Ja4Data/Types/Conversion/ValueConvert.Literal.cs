using System.Numerics;
using Ja4Data.Sql;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Conversion;

/// <summary>What converting a <see cref="SqlValue"/> needs beyond the column type.</summary>
/// <param name="Zone">The server's time zone, for date-times of columns without a zone of their own.</param>
/// <param name="Placeholder">The .NET value bound to placeholder <c>i</c> (null when the data holds none).</param>
internal sealed record LiteralContext(TimeZoneInfo Zone, Func<int, object?>? Placeholder = null);

/// <summary>
/// Literals of inline INSERT data (<see cref="SqlValue"/>: SQL in <c>VALUES</c>, text formats, JSON) as the .NET values
/// the column builders take, by ClickHouse's rules for the column type: a number literal is the number (into date-times
/// Unix seconds, or a count of units for an integer into DateTime64(P); into Date the day number), a string is the
/// type's text form (<see cref="FromText"/>), arrays, tuples and maps convert element by element, <c>true</c>/<c>false</c>
/// are 1/0 for numbers. Range and precision are then checked by the same table as every other insert: nothing is
/// wrapped, clamped or rounded (servers wrap <c>-1</c> into UInt32 and truncate extra decimal places; here they fail).
/// </summary>
internal static partial class ValueConvert
{
    /// <summary>The value <paramref name="value"/> stands for in a column of <paramref name="type"/> (canonical).</summary>
    /// <exception cref="FormatException">A string that is not a value of the type.</exception>
    /// <exception cref="InvalidCastException">A literal of a kind the type does not take.</exception>
    /// <exception cref="OverflowException">A number beyond what .NET can carry to the column.</exception>
    public static object? FromSqlValue(SqlValue value, TypeNode type, LiteralContext context)
    {
        var target = Structure(type);
        switch (value.Kind)
        {
            case SqlValueKind.Null:
                return null;
            case SqlValueKind.Placeholder:
                var bound = (context.Placeholder ?? throw new InvalidOperationException("The data holds a placeholder but no parameters were given."))(value.Index);
                // A string parameter is the text to parse for any type, as everywhere parameters are bound.
                return bound is string text && !TakesText(target) ? FromText(text, target, context.Zone) : bound;
            case SqlValueKind.String:
                return TakesText(target) ? value.StringValue
                    : value.Text is { } stringText ? FromText(stringText, target, context.Zone)
                    : throw new FormatException($"a string of {value.Bytes!.Length} bytes that are not UTF-8 is no {type} value.");
            case SqlValueKind.Number:
                return FromNumber(value, target);
            case SqlValueKind.Bool:
                return target.Name switch
                {
                    "Bool" or "Dynamic" or "Variant" => value.Boolean,
                    _ when IsIntegerFamily(target.Name) || target.Name is "Float32" or "Float64" or "BFloat16" or "Decimal" => value.Boolean ? 1 : 0,
                    _ => throw new InvalidCastException($"{(value.Boolean ? "true" : "false")} is no {type} value."),
                };
            case SqlValueKind.Array when target.Name == "Array":
                return Items(value.Items, _ => target.TypeArgument(0), context);
            case SqlValueKind.Tuple when value.Items.Count == 1 && !(target.Name == "Tuple" && target.Arguments.Count == 1):
                // One value in parentheses is that value.
                return FromSqlValue(value.Items[0], type, context);
            case SqlValueKind.Tuple or SqlValueKind.Array when target.Name == "Tuple":
                // A JSON array is a tuple's form in JSON formats.
                return value.Items.Count == target.Arguments.Count
                    ? Items(value.Items, target.TypeArgument, context)
                    : throw new InvalidCastException($"a tuple of {value.Items.Count} values is no {type} value ({target.Arguments.Count} elements).");
            case SqlValueKind.Map when target.Name == "Map":
                var pairs = new List<object?[]>(value.Items.Count / 2);
                for (var i = 0; i + 1 < value.Items.Count; i += 2)
                {
                    pairs.Add([FromSqlValue(value.Items[i], target.TypeArgument(0), context), FromSqlValue(value.Items[i + 1], target.TypeArgument(1), context)]);
                }

                return pairs;
            case SqlValueKind.Map when target.Name == "Tuple" && target.Arguments.All(a => a is TypeArg { ElementName: not null }):
                return NamedTuple(value, target, context);
            case SqlValueKind.Array or SqlValueKind.Tuple or SqlValueKind.Map:
                throw new InvalidCastException($"{Article(value.Kind)} is no {type} value.");
            default:
                throw new InvalidOperationException($"A {value.Kind} value is resolved before conversion.");
        }
    }

    /// <summary>True for types whose values are arrays, tuples or maps (Nullable and LowCardinality aside).</summary>
    public static bool IsComposite(TypeNode type) => Structure(type).Name is "Array" or "Tuple" or "Map";

    // The structural form of a type: wrappers off, geometry as its tuples and arrays, Nested as an array of tuples.
    private static TypeNode Structure(TypeNode type) => type.Name switch
    {
        "Nullable" or "LowCardinality" => Structure(type.TypeArgument(0)),
        "SimpleAggregateFunction" => Structure(type.TypeArgument(type.Arguments.Count - 1)),
        "Point" => new TypeNode("Tuple", [new TypeArg(new TypeNode("Float64"), null), new TypeArg(new TypeNode("Float64"), null)]),
        "Ring" or "LineString" => ArrayOf(new TypeNode("Point")),
        "Polygon" => ArrayOf(new TypeNode("Ring")),
        "MultiLineString" => ArrayOf(new TypeNode("LineString")),
        "MultiPolygon" => ArrayOf(new TypeNode("Polygon")),
        "Nested" => ArrayOf(new TypeNode("Tuple", type.Arguments)),
        _ => type,
    };

    private static TypeNode ArrayOf(TypeNode element) => new("Array", [new TypeArg(element, null)]);

    // Types whose value is the text itself (a quoted string is not parsed for them).
    private static bool TakesText(TypeNode type) => type.Name is "String" or "FixedString" or "JSON" or "Object" or "Dynamic" or "Variant";

    private static object?[] Items(IReadOnlyList<SqlValue> items, Func<int, TypeNode> typeOf, LiteralContext context)
    {
        var values = new object?[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            try
            {
                values[i] = FromSqlValue(items[i], typeOf(i), context);
            }
            catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
            {
                throw new FormatException($"element {i + 1}: {ex.Message}", ex);
            }
        }

        return values;
    }

    // A JSON object into a named Tuple: by element name; elements the object leaves out take their type's zero value.
    private static object?[] NamedTuple(SqlValue map, TypeNode tuple, LiteralContext context)
    {
        var names = tuple.Arguments.Cast<TypeArg>().Select(a => a.ElementName!).ToList();
        var values = new object?[names.Count];
        var given = new bool[names.Count];
        for (var i = 0; i + 1 < map.Items.Count; i += 2)
        {
            var name = map.Items[i].Text;
            var at = name is null ? -1 : names.IndexOf(name);
            if (at < 0)
            {
                throw new InvalidCastException($"{tuple} has no element named {map.Items[i]}.");
            }

            values[at] = FromSqlValue(map.Items[i + 1], tuple.TypeArgument(at), context);
            given[at] = true;
        }

        for (var i = 0; i < names.Count; i++)
        {
            values[i] = given[i] ? values[i] : Codecs.ColumnCodecFactory.Create(tuple.TypeArgument(i)).DefaultValue;
        }

        return values;
    }

    private static string Article(SqlValueKind kind) => kind switch
    {
        SqlValueKind.Array => "an array",
        SqlValueKind.Tuple => "a tuple",
        _ => "a map",
    };

    // A number literal into a column: the number itself, read as the type reads numbers.
    private static object FromNumber(SqlValue value, TypeNode type)
    {
        var text = value.Text!;
        switch (type.Name)
        {
            case "Float32" or "Float64" or "BFloat16" or "Dynamic" or "Variant" or "JSON" or "Object" when value.Number == SqlNumberForm.Special:
                return text switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => double.NaN };
            case "Float32" or "Float64" or "BFloat16":
                return double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            case "Decimal":
                return Exact(value, type);
            case "Date" or "Date32":
                var days = Whole(value, type);
                return days >= int.MinValue / 2 && days <= int.MaxValue / 2 && DateOnly.MinValue.DayNumber <= EpochDayNumber + (long)days
                    && EpochDayNumber + (long)days <= DateOnly.MaxValue.DayNumber
                    ? DateOnly.FromDayNumber(EpochDayNumber + (int)days)
                    : throw new OverflowException($"{text} days since 1970-01-01 is outside {type}.");
            case "DateTime":
                return UnixTime(Exact(value, type), 0);
            case "DateTime64":
                // An integer counts the type's units, a number with a point or exponent is seconds (as servers read them).
                return UnixTime(Exact(value, type), value.Number == SqlNumberForm.Integer ? (int)type.Int64Argument(0) : 0);
            case "Time" or "Time64":
                var seconds = Exact(value, type);
                return new TimeSpan((long)BigInteger.Divide(seconds.UnscaledValue * TimeSpan.TicksPerSecond, BigInteger.Pow(10, seconds.Scale)));
            case "Dynamic" or "Variant" or "JSON" or "Object":
                return value.Number == SqlNumberForm.Integer ? ParseInteger(text) : double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            case "Bool" or "Enum8" or "Enum16" or "IPv4":
                return Whole(value, type);
            default:
                return IsIntegerFamily(type.Name)
                    ? Whole(value, type)
                    : throw new InvalidCastException($"the number {text} is no {type} value{(TakesText(type) || type.Name is "UUID" or "IPv6" ? "; write it as a quoted string" : string.Empty)}.");
        }
    }

    private static ClickHouseDecimal Exact(SqlValue value, TypeNode type)
        => value.Number == SqlNumberForm.Special ? throw new InvalidCastException($"{value.Text} is no {type} value.") : ParseExact(value.Text!, type);

    // An integer, or a number with a point or exponent whose value is whole (1e3); never rounded.
    private static BigInteger Whole(SqlValue value, TypeNode type)
    {
        if (value.Number == SqlNumberForm.Integer)
        {
            return BigInteger.Parse(value.Text!, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);
        }

        var exact = Exact(value, type);
        var divisor = BigInteger.Pow(10, exact.Scale);
        var whole = BigInteger.DivRem(exact.UnscaledValue, divisor, out var rest);
        return rest.IsZero ? whole : throw new FormatException($"{value.Text} is not a whole number, so no {type} value (nothing is rounded).");
    }
}
