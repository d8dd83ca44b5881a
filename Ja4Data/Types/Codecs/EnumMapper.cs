using System.Numerics;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Codecs;

/// <summary>Enum8 / Enum16: the Int8 / Int16 value on the wire, the element name in .NET.</summary>
internal readonly struct EnumMapper<TRaw>(TypeNode type) : IValueMapper<TRaw, string>
    where TRaw : unmanaged, IBinaryInteger<TRaw>, IMinMaxValue<TRaw>
{
    private readonly EnumElements<TRaw> _elements = new(type);

    // A value outside the type (only from a corrupt or hand-made block) reads as its number rather than failing the whole result.
    public string Map(TRaw raw) => _elements.TryGetName(raw, out var name) ? name : raw.ToString(null, CultureInfo.InvariantCulture);

    public TRaw Unmap(string value) => _elements.ValueOf(value);

    public TRaw FromObject(object value) => _elements.ValueOf(value);
}
