using System.Numerics;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Codecs;

/// <summary>Integers of every width: the wire value is the .NET value.</summary>
internal readonly struct IntegerMapper<T> : IValueMapper<T, T>
    where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    public T Map(T raw) => raw;

    public T Unmap(T value) => value;

    public T FromObject(object value) => ValueConvert.ToInteger<T>(value);
}

/// <summary>Float32 and Float64.</summary>
internal readonly struct FloatMapper<T> : IValueMapper<T, T>
    where T : unmanaged, IFloatingPoint<T>
{
    public T Map(T raw) => raw;

    public T Unmap(T value) => value;

    public T FromObject(object value) => ValueConvert.ToFloat<T>(value);
}
