using System.Globalization;

namespace Ja4Data.Cli.CommandLine;

/// <summary>
/// A whole number on the command line: <c>1500</c>, <c>1_500</c>, <c>250k</c>, <c>10M</c>, <c>1G</c>. Text that is not
/// one is kept as <see cref="Malformed"/> instead of failing the conversion, because only the option's
/// <see cref="CountRangeAttribute"/> knows the option's name to put in the error.
/// </summary>
[TypeConverter(typeof(CountConverter))]
internal readonly record struct Count
{
    private readonly long _value;

    private Count(long value, string? malformed)
    {
        _value = value;
        Malformed = malformed;
    }

    /// <summary>The text when it is not a whole number; null for a valid count.</summary>
    public string? Malformed { get; }

    /// <summary>The number; throws for malformed text (an option without <see cref="CountRangeAttribute"/> is a bug).</summary>
    public long Value => Malformed is null ? _value : throw new InvalidOperationException($"'{Malformed}' is not a whole number and the option has no {nameof(CountRangeAttribute)} to reject it.");

    /// <summary>The number as an <see cref="int"/>; the option's range keeps it in bounds.</summary>
    public int Int32 => checked((int)Value);

    public static Count Parse(string text) => ParseValue(text) is { } value ? new(value, null) : new(0, text);

    /// <summary>Parses <c>1500</c>, <c>1_500</c>, <c>250k</c>, <c>10M</c>, <c>1G</c>; null when malformed or out of range.</summary>
    internal static long? ParseValue(string text)
    {
        var digits = text.Replace("_", string.Empty, StringComparison.Ordinal).Trim();
        long multiplier = 1;
        if (digits.Length > 1)
        {
            multiplier = char.ToUpperInvariant(digits[^1]) switch
            {
                'K' => 1_000,
                'M' => 1_000_000,
                'G' => 1_000_000_000,
                _ => 1,
            };
        }

        if (multiplier != 1)
        {
            digits = digits[..^1];
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        try
        {
            return checked(value * multiplier);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public override string ToString() => Malformed ?? _value.ToString(CultureInfo.InvariantCulture);
}
