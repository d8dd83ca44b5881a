using Ja4Data.Types.Syntax;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// The type of a <c>{name:Type}</c> placeholder, parsed once: the family that decides how a value is written (with
/// <c>LowCardinality</c> and <c>Nullable</c> unwrapped), whether NULL is allowed, and the type re-printed from its parse
/// so that what a client-side literal puts back into the SQL is always exactly one type name.
/// </summary>
internal sealed class ParameterType
{
    private ParameterType(string parameterName, string written, TypeNode value, bool acceptsNull)
    {
        ParameterName = parameterName;
        Written = written;
        Value = value;
        AcceptsNull = acceptsNull;
    }

    /// <summary>The placeholder name, for error messages.</summary>
    public string ParameterName { get; }

    /// <summary>The type as the SQL spells it, re-printed from its parse (no comments, quoting re-applied).</summary>
    public string Written { get; }

    /// <summary>The canonical value type: aliases resolved, <c>LowCardinality</c> and <c>Nullable</c> removed.</summary>
    public TypeNode Value { get; }

    /// <summary>True when NULL is a value of the type (<c>Nullable(...)</c>, <c>Variant</c>, <c>Dynamic</c>...).</summary>
    public bool AcceptsNull { get; }

    /// <summary>True for <c>{name:Identifier}</c>, which names a database object instead of holding a value.</summary>
    public bool IsIdentifier => Value.Name == "Identifier";

    /// <exception cref="ArgumentException">The text is not a ClickHouse type name.</exception>
    public static ParameterType Parse(string typeName, string parameterName)
    {
        TypeNode parsed;
        try
        {
            parsed = TypeParser.Parse(typeName);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"The placeholder {{{parameterName}:{typeName}}} does not name a ClickHouse type: {ex.Message}", ex);
        }

        var value = Unwrap(TypeAliases.Canonicalize(parsed), out var acceptsNull);
        return new ParameterType(parameterName, parsed.ToString(), value, acceptsNull);
    }

    /// <summary>The type of an element of a composite placeholder type (already canonical).</summary>
    public static ParameterType Element(TypeNode type, string parameterName)
    {
        var value = Unwrap(type, out var acceptsNull);
        return new ParameterType(parameterName, type.ToString(), value, acceptsNull);
    }

    /// <summary>Strips <c>LowCardinality</c> and <c>Nullable</c>; says whether NULL is a value of the type.</summary>
    public static TypeNode Unwrap(TypeNode type, out bool acceptsNull)
    {
        acceptsNull = false;
        while (type.Name is "LowCardinality" or "Nullable" && type.Arguments.Count == 1)
        {
            acceptsNull |= type.Name == "Nullable";
            type = type.TypeArgument(0);
        }

        acceptsNull |= type.Name is "Variant" or "Dynamic" or "JSON" or "Object" or "Nothing";
        return type;
    }
}
