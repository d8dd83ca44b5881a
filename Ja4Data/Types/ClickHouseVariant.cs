namespace Ja4Data;

/// <summary>
/// A value for a <c>Variant(...)</c> or <c>Dynamic</c> column together with the ClickHouse type it should be stored
/// as, for when the CLR type alone does not say which alternative is meant (for example a string that should go to
/// <c>UUID</c> rather than <c>String</c>). Reading never yields this wrapper: Variant and Dynamic values are read as
/// the plain value of their current type.
/// </summary>
public sealed class ClickHouseVariant
{
    /// <summary>Wraps <paramref name="value"/> for the alternative named <paramref name="typeName"/> (e.g. <c>"UInt64"</c>).</summary>
    public ClickHouseVariant(string typeName, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        TypeName = typeName;
        Value = value;
    }

    /// <summary>The ClickHouse type the value is written as.</summary>
    public string TypeName { get; }

    /// <summary>The value, converted as a column of <see cref="TypeName"/> would convert it.</summary>
    public object? Value { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{TypeName}: {Value}";
}
