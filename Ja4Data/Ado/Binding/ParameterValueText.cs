using System.Collections;
using System.Net;
using System.Numerics;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// Renders a .NET value as the text ClickHouse parses for a given type (the placeholder's type, not the value's,
/// decides: <c>true</c> is <c>true</c> for Bool and <c>1</c> for UInt8; a DateTime is Unix time for DateTime and
/// <c>yyyy-MM-dd</c> for Date). Scalar values are converted by the same table as column values (<see cref="ScalarText"/>);
/// a string is always taken as the text to parse, for any type.
/// </summary>
internal static class ParameterValueText
{
    /// <exception cref="ArgumentException">The value cannot be sent as <paramref name="type"/>.</exception>
    public static FormattedValue Format(object value, TypeNode type, string parameterName)
    {
        if (type.Name == "Nothing")
        {
            throw new ArgumentException($"Parameter '{parameterName}' has type Nothing, which holds only NULL (write Nullable(Nothing)).");
        }

        if (value is string s)
        {
            return FormattedValue.QuotedText(ParameterEscaping.RequireWellFormed(s, parameterName));
        }

        try
        {
            return type.Name switch
            {
                "String" or "FixedString" => Text(value, type, parameterName),
                "Bool" => value is bool b ? FormattedValue.Bare(b ? "true" : "false") : throw Unsupported(value, type.Name, parameterName, "a bool"),
                "Array" or "Map" or "Tuple" => FormattedValue.Bare(CompositeText(value, type, parameterName)),
                _ => ScalarText.Format(value, type, parameterName) ?? Loose(value, type, parameterName),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException)
        {
            throw new ArgumentException($"Parameter '{parameterName}' cannot be sent as {type}: {ex.Message}", ex);
        }
    }

    /// <summary>Appends an element of an Array, Map or Tuple in the quoted text format (NULL where the type allows).</summary>
    public static void AppendElement(StringBuilder sb, object? value, TypeNode type, string parameterName)
    {
        var inner = ParameterType.Unwrap(type, out var acceptsNull);
        if (value is null or DBNull)
        {
            sb.Append(acceptsNull
                ? "NULL"
                : throw new ArgumentException($"Parameter '{parameterName}' holds a NULL element, but the element type {type} is not Nullable."));
            return;
        }

        Format(value, inner, parameterName).AppendElement(sb);
    }

    private static FormattedValue Text(object value, TypeNode type, string parameterName) => value switch
    {
        byte[] bytes => FormattedValue.QuotedBytes(bytes),
        ReadOnlyMemory<byte> memory => FormattedValue.QuotedBytes(memory.ToArray()),
        char c => FormattedValue.QuotedText(ParameterEscaping.RequireWellFormed(c.ToString(), parameterName)),
        char[] chars => FormattedValue.QuotedText(ParameterEscaping.RequireWellFormed(new string(chars), parameterName)),
        DateTime or DateTimeOffset or DateOnly or TimeSpan
            => throw Unsupported(value, type.ToString(), parameterName, "a string or byte[]; format dates yourself"),
        _ => Loose(value, type, parameterName),
    };

    /// <summary>For types without a rule of their own (String, Variant, Dynamic, JSON...): the value's natural text.</summary>
    private static FormattedValue Loose(object value, TypeNode type, string parameterName) => value switch
    {
        bool b => FormattedValue.Bare(b ? "true" : "false"),
        float or double or Half => FormattedValue.Bare(ScalarText.Float(Convert.ToDouble(value, CultureInfo.InvariantCulture))),
        decimal m => FormattedValue.Bare(m.ToString(CultureInfo.InvariantCulture)),
        Enum e => FormattedValue.QuotedText(e.ToString()),
        sbyte or byte or short or ushort or int or uint or long or ulong or Int128 or UInt128 or BigInteger
            => FormattedValue.Bare(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)),
        Guid g => FormattedValue.QuotedText(g.ToString("D")),
        IPAddress ip => FormattedValue.QuotedText(ip.ToString()),
        _ => throw Unsupported(value, type.ToString(), parameterName, "a value of a type that maps to it, or its text as a string"),
    };

    private static ArgumentException Unsupported(object value, string type, string parameterName, string expected)
        => new($"Parameter '{parameterName}' has a value of type {value.GetType().Name}, which cannot be sent as {type} (expected {expected}).");

    /// <summary>True for the families whose values are built from parts: Array, Map and Tuple.</summary>
    public static bool IsComposite(TypeNode type) => type.Name is "Array" or "Map" or "Tuple";

    /// <summary>
    /// The parts of an Array, Map (key, value, key, value...) or Tuple value, in order, each with the type it must have.
    /// </summary>
    public static List<(object? Value, TypeNode Type)> Parts(object value, TypeNode type, string parameterName)
    {
        switch (type.Name)
        {
            case "Array":
                var items = value as IEnumerable ?? throw Unsupported(value, type.ToString(), parameterName, "a collection");
                var element = type.TypeArgument(0);
                return [.. items.Cast<object?>().Select(item => (item, element))];
            case "Map":
                var map = value as IDictionary ?? throw Unsupported(value, type.ToString(), parameterName, "a dictionary");
                var (keyType, valueType) = (type.TypeArgument(0), type.TypeArgument(1));
                return [.. Entries(map).SelectMany(e => new[] { (e.Key, keyType), (e.Value, valueType) })];
            default:
                var fields = value switch
                {
                    ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToList(),
                    IList list => list.Cast<object?>().ToList(),
                    _ => throw Unsupported(value, type.ToString(), parameterName, "a tuple or object[]"),
                };

                return fields.Count == type.Arguments.Count
                    ? [.. fields.Select((field, i) => (field, type.TypeArgument(i)))]
                    : throw new ArgumentException($"Parameter '{parameterName}' has {fields.Count} elements, but {type} has {type.Arguments.Count}.");
        }
    }

    /// <summary>The entries of a map; IDictionary's own enumerator, as the generic one yields KeyValuePairs instead.</summary>
    private static IEnumerable<DictionaryEntry> Entries(IDictionary map)
    {
        var entries = map.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return entries.Entry;
        }
    }

    // [a, b], {k: v, k: v} or (a, b), with every part in the quoted text format.
    private static string CompositeText(object value, TypeNode type, string parameterName)
    {
        var parts = Parts(value, type, parameterName);
        var isMap = type.Name == "Map";
        var sb = new StringBuilder(type.Name switch { "Array" => "[", "Map" => "{", _ => "(" });
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(isMap && i % 2 == 1 ? ": " : ", ");
            }

            AppendElement(sb, parts[i].Value, parts[i].Type, parameterName);
        }

        return sb.Append(type.Name switch { "Array" => ']', "Map" => '}', _ => ')' }).ToString();
    }
}
