using System.Collections.Immutable;

namespace Ja4Data.Types.Syntax;

/// <summary>
/// A parsed ClickHouse type name: the family (<see cref="Name"/>) and its arguments, nested to any depth. Immutable;
/// two nodes are equal when their canonical texts are.
/// </summary>
internal sealed class TypeNode : IEquatable<TypeNode>
{
    /// <summary>Creates a node; a node with arguments always has parentheses.</summary>
    public TypeNode(string name, IEnumerable<TypeArgument>? arguments = null, bool hasParentheses = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Arguments = arguments is null ? ImmutableArray<TypeArgument>.Empty : ImmutableArray.CreateRange(arguments);
        HasParentheses = hasParentheses || Arguments.Count > 0;
        foreach (var argument in Arguments)
        {
            if (argument is TypeArg typeArg)
            {
                Depth = Math.Max(Depth, typeArg.Type.Depth + 1);
            }
        }
    }

    /// <summary>How many types nest inside this one: 0 for <c>UInt8</c>, 1 for <c>Array(UInt8)</c>.</summary>
    public int Depth { get; }

    /// <summary>The type family as written (<c>Array</c>, <c>DateTime64</c>, or an alias such as <c>DOUBLE PRECISION</c>).</summary>
    public string Name { get; }

    /// <summary>The arguments in order; empty when the name has no parentheses or empty ones (<c>Tuple()</c>).</summary>
    public IReadOnlyList<TypeArgument> Arguments { get; }

    /// <summary>True when the name was followed by parentheses, which matters only for empty ones: <c>Tuple()</c>.</summary>
    public bool HasParentheses { get; }

    /// <summary>Argument <paramref name="index"/> (0-based) as a type.</summary>
    /// <exception cref="FormatException">There is no such argument or it is not a type.</exception>
    public TypeNode TypeArgument(int index) =>
        Argument(index) is TypeArg typeArg
            ? typeArg.Type
            : throw new FormatException($"Argument {index + 1} of type {this} must be a type, not {Arguments[index]}.");

    /// <summary>Argument <paramref name="index"/> (0-based) as a whole number, such as the N of <c>FixedString(N)</c>.</summary>
    /// <exception cref="FormatException">There is no such argument or it is not an integer.</exception>
    public long Int64Argument(int index) =>
        Argument(index) is NumberArg number
        && long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Argument {index + 1} of type {this} must be an integer, not {Arguments[index]}.");

    /// <summary>Argument <paramref name="index"/> (0-based) as an unescaped string, such as a time zone.</summary>
    /// <exception cref="FormatException">There is no such argument or it is not a quoted string.</exception>
    public string StringArgument(int index) =>
        Argument(index) is StringArg text
            ? text.Value
            : throw new FormatException($"Argument {index + 1} of type {this} must be a quoted string, not {Arguments[index]}.");

    /// <summary>The canonical text: <c>Name(arg, arg)</c> with <c>", "</c> separators and quoting re-applied.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    public bool Equals(TypeNode? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Name == other.Name && HasParentheses == other.HasParentheses && Arguments.SequenceEqual(other.Arguments)));

    public override bool Equals(object? obj) => Equals(obj as TypeNode);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            hash.Add(argument);
        }

        return hash.ToHashCode();
    }

    internal void AppendTo(StringBuilder sb)
    {
        sb.Append(Name);
        if (!HasParentheses)
        {
            return;
        }

        // ClickHouse back-quotes a JSON typed path named SKIP so that it cannot be read as the SKIP keyword.
        var isJson = Name.Equals("JSON", StringComparison.OrdinalIgnoreCase);
        sb.Append('(');
        for (var i = 0; i < Arguments.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            if (isJson && Arguments[i] is TypeArg { ElementName: { } path } typedPath)
            {
                typedPath.AppendTo(sb, quoteName: path.Equals("SKIP", StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                Arguments[i].AppendTo(sb);
            }
        }

        sb.Append(')');
    }

    private TypeArgument Argument(int index) =>
        (uint)index < (uint)Arguments.Count
            ? Arguments[index]
            : throw new FormatException($"Type {this} has no argument {index + 1}; it has {Arguments.Count}.");
}
