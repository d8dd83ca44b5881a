using System.Collections.Frozen;
using System.Numerics;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Conversion;

/// <summary>
/// The elements of an Enum8 or Enum16 type (<c>'name' = value</c>), looked up both ways, and the conversion of a .NET
/// value to one of them: its label, a .NET enum by its name (or by its number when the name is not a label), or an
/// integer that is an element's value. Anything else would be refused by the server for the whole statement or block.
/// </summary>
internal sealed class EnumElements<TRaw>
    where TRaw : unmanaged, IBinaryInteger<TRaw>, IMinMaxValue<TRaw>
{
    private readonly FrozenDictionary<TRaw, string> _names;
    private readonly FrozenDictionary<string, TRaw> _values;

    public EnumElements(TypeNode type)
    {
        var elements = type.Arguments.OfType<EnumArg>().ToList();
        foreach (var element in elements)
        {
            // A type name from a server is data: a value outside the storage type is a malformed name, not an overflow.
            if (element.Value < long.CreateTruncating(TRaw.MinValue) || element.Value > long.CreateTruncating(TRaw.MaxValue))
            {
                throw new FormatException($"{type} gives '{element.Name}' the value {element.Value}, outside the range of its storage type.");
            }
        }

        _names = elements.GroupBy(e => TRaw.CreateChecked(e.Value)).ToFrozenDictionary(g => g.Key, g => g.First().Name);
        _values = elements.GroupBy(e => e.Name, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => TRaw.CreateChecked(g.First().Value), StringComparer.Ordinal);
        TypeName = type.ToString();
    }

    /// <summary>The type as ClickHouse prints it, for messages.</summary>
    public string TypeName { get; }

    public bool TryGetName(TRaw value, out string name) => _names.TryGetValue(value, out name!);

    /// <exception cref="FormatException">The name is not a label of the type.</exception>
    public TRaw ValueOf(string name)
        => _values.TryGetValue(name, out var value) ? value : throw new FormatException($"'{name}' is not an element of {TypeName}.");

    /// <exception cref="InvalidCastException">The value is not a label, an enum or an integer.</exception>
    /// <exception cref="FormatException">A label that is not an element.</exception>
    /// <exception cref="OverflowException">A number that is not an element's value.</exception>
    public TRaw ValueOf(object value)
    {
        switch (value)
        {
            case string name:
                return ValueOf(name);
            case Enum clrEnum when _values.TryGetValue(clrEnum.ToString(), out var byName):
                return byName;
            default:
                var number = value switch
                {
                    Enum or sbyte or byte or short or ushort or int or uint or long or ulong or Int128 or UInt128 or BigInteger or decimal
                        => TryNumber(value),
                    _ => throw ValueConvert.Unsupported(value, TypeName, "a label, a .NET enum or an element's number"),
                };

                return number is { } raw && _names.ContainsKey(raw)
                    ? raw
                    : throw new OverflowException(value is Enum
                        ? $"{value} ({value:D}) is neither a label nor a value of {TypeName}."
                        : $"{value} is not a value of {TypeName}.");
        }
    }

    private static TRaw? TryNumber(object value)
    {
        try
        {
            return ValueConvert.ToInteger<TRaw>(value);
        }
        catch (Exception ex) when (ex is OverflowException or InvalidCastException)
        {
            return null;
        }
    }
}
