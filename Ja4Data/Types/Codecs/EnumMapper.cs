using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>Enum8 / Enum16: the Int8 / Int16 value on the wire, the element name in .NET.</summary>
internal readonly struct EnumMapper<TRaw> : IValueMapper<TRaw, string>
    where TRaw : unmanaged, IBinaryInteger<TRaw>
{
    private readonly FrozenDictionary<TRaw, string> _names;
    private readonly FrozenDictionary<string, TRaw> _values;
    private readonly string _typeName;

    public EnumMapper(TypeNode type)
    {
        var elements = type.Arguments.OfType<EnumArg>().ToList();
        foreach (var element in elements)
        {
            try
            {
                TRaw.CreateChecked(element.Value);
            }
            catch (OverflowException ex)
            {
                throw new FormatException($"{type} gives '{element.Name}' the value {element.Value}, outside the range of its storage type.", ex);
            }
        }

        _names = elements.GroupBy(e => TRaw.CreateChecked(e.Value)).ToFrozenDictionary(g => g.Key, g => g.First().Name);
        _values = elements.GroupBy(e => e.Name, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => TRaw.CreateChecked(g.First().Value), StringComparer.Ordinal);
        _typeName = type.ToString();
    }

    // A value outside the type (only from a corrupt or hand-made block) reads as its number rather than failing the whole result.
    public string Map(TRaw raw) => _names.TryGetValue(raw, out var name) ? name : raw.ToString(null, CultureInfo.InvariantCulture);

    public TRaw Unmap(string value)
        => _values.TryGetValue(value, out var raw) ? raw : throw new FormatException($"'{value}' is not an element of {_typeName}.");

    public TRaw FromObject(object value)
    {
        switch (value)
        {
            case string name:
                return Unmap(name);
            case Enum clrEnum:
                return Unmap(clrEnum.ToString());
            default:
                var raw = ValueConvert.ToInteger<TRaw>(value);
                return _names.ContainsKey(raw) ? raw : throw new OverflowException($"{value} is not a value of {_typeName}.");
        }
    }
}
