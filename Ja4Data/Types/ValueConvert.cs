using System.Numerics;

namespace Ja4Data.Types;

/// <summary>Conversions of natural .NET inputs to column values, with errors that say what was expected.</summary>
internal static class ValueConvert
{
    public static InvalidCastException NullNotAllowed()
        => new("NULL is not allowed here: the column type is not Nullable(...).");

    public static InvalidCastException Unsupported(object value, string expected)
        => new($"a {value.GetType().Name} value cannot be written as {expected}.");

    /// <summary>Any .NET integer (or integral decimal) that fits <typeparamref name="T"/>; overflow is an error.</summary>
    public static T ToInteger<T>(object value)
        where T : IBinaryInteger<T>
    {
        try
        {
            return value switch
            {
                T t => t,
                sbyte v => T.CreateChecked(v),
                byte v => T.CreateChecked(v),
                short v => T.CreateChecked(v),
                ushort v => T.CreateChecked(v),
                int v => T.CreateChecked(v),
                uint v => T.CreateChecked(v),
                long v => T.CreateChecked(v),
                ulong v => T.CreateChecked(v),
                Int128 v => T.CreateChecked(v),
                UInt128 v => T.CreateChecked(v),
                BigInteger v => T.CreateChecked(v),
                decimal v when decimal.Truncate(v) == v => T.CreateChecked(v),
                Enum v => ToInteger<T>(Convert.ChangeType(v, Enum.GetUnderlyingType(v.GetType()), System.Globalization.CultureInfo.InvariantCulture)),
                _ => throw Unsupported(value, typeof(T).Name + " (expected an integer)"),
            };
        }
        catch (OverflowException)
        {
            throw new OverflowException($"{value} does not fit {typeof(T).Name}.");
        }
    }

    /// <summary>Any .NET number as a floating-point value.</summary>
    public static T ToFloat<T>(object value)
        where T : IFloatingPoint<T>
        => value switch
        {
            T t => t,
            float v => T.CreateSaturating(v),
            double v => T.CreateSaturating(v),
            decimal v => T.CreateSaturating(v),
            Half v => T.CreateSaturating(v),
            sbyte or byte or short or ushort or int or uint or long or ulong => T.CreateSaturating(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw Unsupported(value, typeof(T).Name + " (expected a number)"),
        };
}
