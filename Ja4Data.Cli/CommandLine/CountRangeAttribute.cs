using System.Globalization;
using Spectre.Console.Cli.Help;

namespace Ja4Data.Cli.CommandLine;

/// <summary>
/// The bounds of a <see cref="Count"/> option. Every <see cref="Count"/> option carries one: it is what rejects
/// malformed text, with an error that names the option.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CountRangeAttribute(long min, long max = long.MaxValue) : ParameterValidationAttribute(string.Empty)
{
    public long Min { get; } = min;

    public long Max { get; } = max;

    public override ValidationResult Validate(CommandParameterContext context)
    {
        var name = context.Parameter is ICommandOption { LongNames: [var first, ..] } ? "--" + first : context.Parameter.PropertyName;
        return context.Value switch
        {
            Count { Malformed: { } text } => ValidationResult.Error($"{name} must be a whole number such as 5000, 50_000 or 10M, not '{text}'."),
            Count count when count.Value < Min || count.Value > Max => ValidationResult.Error(
                Max == long.MaxValue
                    ? $"{name} must be at least {Min.ToString(CultureInfo.InvariantCulture)}, not {count.Value.ToString(CultureInfo.InvariantCulture)}."
                    : $"{name} must be between {Min.ToString(CultureInfo.InvariantCulture)} and {Max.ToString(CultureInfo.InvariantCulture)}, not {count.Value.ToString(CultureInfo.InvariantCulture)}."),
            _ => ValidationResult.Success(),
        };
    }
}
