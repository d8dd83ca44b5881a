using System.Globalization;

namespace Ja4Data.Cli.CommandLine;

/// <summary>Converts option text (and the text of an option's default) to a <see cref="Count"/>.</summary>
internal sealed class CountConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType)
        => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        => value is string text ? Count.Parse(text) : base.ConvertFrom(context, culture, value);
}
