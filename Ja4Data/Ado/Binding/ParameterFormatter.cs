using System.Diagnostics.CodeAnalysis;
using Ja4Data.Sql;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// Formats parameter values for a <c>{name:Type}</c> placeholder: as the escaped text form a server parses a bound
/// parameter from (revision 54459+), and as a typed SQL literal for older servers. Both come from the same
/// <see cref="ParameterValueText"/> rendering, so a value means the same on every server; every string is escaped by
/// <see cref="ClickHouseLiteral"/> or <see cref="ParameterEscaping"/>, and a value is always data, never SQL.
/// </summary>
internal static class ParameterFormatter
{
    /// <summary>The value as the server's escaped text format expects it for <paramref name="typeName"/>.</summary>
    /// <exception cref="ArgumentException">The value cannot be sent as that type.</exception>
    public static string TextForm(object? value, string typeName, string parameterName)
    {
        var type = ParameterType.Parse(typeName, parameterName);
        if (type.IsIdentifier)
        {
            // The server takes an Identifier parameter verbatim as the name; it does the quoting itself.
            return IdentifierName(value, parameterName);
        }

        return value is null or DBNull
            ? RequireNullable(type, @"\N")
            : ParameterValueText.Format(value, type.Value, parameterName).ToTextForm();
    }

    /// <summary>
    /// The value as one SQL primary expression of type <paramref name="typeName"/> (client-side binding):
    /// <c>CAST('text' AS Type)</c>, so the server parses the same text it would parse for a bound parameter, or a
    /// back-quoted name for an Identifier placeholder.
    /// </summary>
    /// <exception cref="ArgumentException">The value cannot be sent as that type.</exception>
    public static string Literal(object? value, string typeName, string parameterName)
    {
        var type = ParameterType.Parse(typeName, parameterName);
        return type.IsIdentifier
            ? ClickHouseIdentifier.Quote(IdentifierName(value, parameterName))
            : Literal(value, type);
    }

    /// <summary>
    /// The value as the right side of <c>IN</c> (client-side binding): an Array value becomes a set of typed literals,
    /// <c>(CAST('1' AS UInt16), CAST('3' AS UInt16))</c>, because servers without server-side parameters read no array
    /// there; an empty one becomes <c>(NULL)</c>, which no value is IN. Any other value is <see cref="Literal(object?, string, string)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value cannot be sent as that type.</exception>
    public static string InSetLiteral(object? value, string typeName, string parameterName)
    {
        var type = ParameterType.Parse(typeName, parameterName);
        if (type.Value.Name != "Array" || value is null or DBNull or string)
        {
            return Literal(value, typeName, parameterName);
        }

        var elements = ParameterValueText.Parts(value, type.Value, parameterName)
            .Select(part => Literal(part.Value, ParameterType.Element(part.Type, parameterName)))
            .ToList();
        return elements.Count == 0 ? "(NULL)" : $"({string.Join(", ", elements)})";
    }

    private static string Literal(object? value, ParameterType type)
    {
        if (value is null or DBNull)
        {
            return $"CAST({RequireNullable(type, "NULL")} AS {type.Written})";
        }

        // Servers cannot CAST a String to a Map, nor read a DateTime64 before 1970 in a CAST from String (they can
        // from Decimal): such values are built from typed parts instead of being parsed from one string.
        if (value is not string && ParameterValueText.IsComposite(type.Value) && (type.Value.Name == "Map" || Mentions(type.Value, "DateTime64")))
        {
            var parts = ParameterValueText.Parts(value, type.Value, type.ParameterName)
                .Select(part => Literal(part.Value, ParameterType.Element(part.Type, type.ParameterName)));
            var (open, close) = type.Value.Name switch { "Array" => ("[", "]"), "Map" => ("map(", ")"), _ => ("tuple(", ")") };
            return $"CAST({open}{string.Join(", ", parts)}{close} AS {type.Written})";
        }

        var text = ParameterValueText.Format(value, type.Value, type.ParameterName);

        return type.Value.Name == "DateTime64" && CastCannotReadUnixTime(value, text.Text)
            ? $"CAST(toDecimal128({ClickHouseLiteral.Quote(text.Text)}, {type.Value.Int64Argument(0).ToString(System.Globalization.CultureInfo.InvariantCulture)}) AS {type.Written})"
            : $"CAST({text.ToSqlString()} AS {type.Written})";
    }

    // CAST from String reads a DateTime64 before 1970 as a broken-down date and fails, and refuses Unix time of more than
    // 10 integer digits (after 2286-11-20); from Decimal both are seconds. A string value is the caller's own text.
    private static bool CastCannotReadUnixTime(object value, [NotNullWhen(true)] string? text)
    {
        var point = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return text is ['-', ..] || (text is not null && value is not string && (point < 0 ? text.Length : point) > 10);
    }

    private static bool Mentions(Types.Syntax.TypeNode type, string family)
        => type.Name == family || type.Arguments.OfType<Types.Syntax.TypeArg>().Any(argument => Mentions(argument.Type, family));

    private static string IdentifierName(object? value, string parameterName) => value is string { Length: > 0 } name
        ? ParameterEscaping.RequireWellFormed(name, parameterName)
        : throw new ArgumentException($"Parameter '{parameterName}' is an Identifier placeholder and needs a non-empty string value.");

    private static string RequireNullable(ParameterType type, string nullText) => type.AcceptsNull
        ? nullText
        : throw new ArgumentException($"Parameter '{type.ParameterName}' is NULL, but its placeholder type {type.Written} is not Nullable; write {{{type.ParameterName}:Nullable({type.Written})}}.");
}
