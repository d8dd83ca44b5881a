using System.Collections.Frozen;
using System.Numerics;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Mapping;

/// <summary>Typed appends of collections to Array(T) columns, called by compiled record writers.</summary>
internal static class ArrayAppend
{
    /// <summary>
    /// Appends one row: every element through <paramref name="element"/> (a compiled typed append), then the row's end.
    /// A failing element leaves its partial row to the caller's rollback (<see cref="ColumnBuilder.Truncate"/>).
    /// </summary>
    public static void Append<TElement>(ArrayColumnBuilder builder, IEnumerable<TElement>? values, Action<ColumnBuilder, TElement> element)
    {
        if (values is null)
        {
            throw ValueConvert.NullNotAllowed();
        }

        var elements = builder.Elements;
        var before = elements.Count;
        try
        {
            switch (values)
            {
                case TElement[] array:
                    foreach (var value in array)
                    {
                        element(elements, value);
                    }

                    break;
                case List<TElement> list:
                    foreach (var value in CollectionsMarshal.AsSpan(list))
                    {
                        element(elements, value);
                    }

                    break;
                default:
                    foreach (var value in values)
                    {
                        element(elements, value);
                    }

                    break;
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            throw new InvalidCastException($"element {elements.Count - before}: {ex.Message}", ex);
        }

        builder.EndRow();
    }
}

/// <summary>
/// A .NET enum member of a typed record into an Enum8/Enum16 column: by name (ignoring case when that is unambiguous,
/// as reading takes labels), else by number - resolved once per (enum, column type) into the wire value, so a row
/// appends a number without boxing or formatting.
/// </summary>
internal sealed class EnumLabels<TEnum, TRaw>
    where TEnum : struct, Enum
    where TRaw : unmanaged, IBinaryInteger<TRaw>, IMinMaxValue<TRaw>
{
    private readonly FrozenDictionary<TEnum, TRaw> _raw;

    public EnumLabels(TypeNode type)
    {
        var elements = type.Arguments.OfType<EnumArg>().ToList();
        var raw = new Dictionary<TEnum, TRaw>();
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var name = Enum.GetName(value);
            var number = ValueConvert.EnumToInteger<TEnum, Int128>(value);
            var ignoringCase = elements.Where(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            var element = elements.FirstOrDefault(e => e.Name == name)
                ?? (ignoringCase.Count == 1 ? ignoringCase[0] : null)
                ?? elements.FirstOrDefault(e => e.Value == number);
            if (element is not null)
            {
                raw.TryAdd(value, TRaw.CreateChecked(element.Value));
            }
        }

        _raw = raw.ToFrozenDictionary();
    }

    /// <summary>Appends <paramref name="value"/>; one that is neither a label nor an element's number fails as the object path says.</summary>
    public void Append(FixedColumnBuilder<TRaw, string, EnumMapper<TRaw>> builder, TEnum value)
    {
        if (_raw.TryGetValue(value, out var raw))
        {
            builder.AppendRaw(raw);
        }
        else
        {
            builder.Append((object)value);
        }
    }
}
