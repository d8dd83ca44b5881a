using System.Globalization;

namespace Ja4Data.Cli.CommandLine;

/// <summary>
/// A parsed command line: leading words (the command), <c>--name value</c> / <c>--name=value</c> options and
/// <c>--flag</c> switches. Every option a command reads is marked as used; <see cref="ThrowOnUnused"/> then rejects
/// typos instead of silently ignoring them.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CliArguments(IReadOnlyList<string> words) => Words = words;

    /// <summary>The words before the first option, for example <c>schema deploy</c>.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>
    /// Parses <paramref name="args"/>; names in <paramref name="flagNames"/> take no value, every other
    /// <c>--name</c> takes the next argument (or the text after '=').
    /// </summary>
    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> flagNames)
    {
        var words = new List<string>();
        var i = 0;
        for (; i < args.Count && !args[i].StartsWith('-'); i++)
        {
            words.Add(args[i]);
        }

        var parsed = new CliArguments(words);
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CliUsageException(arg.StartsWith('-') ? $"Unknown option '{arg}': options are written --name." : $"Unexpected argument '{arg}'.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (flagNames.Contains(name))
            {
                if (equals >= 0)
                {
                    throw new CliUsageException($"{name} takes no value.");
                }

                parsed._flags.Add(name);
                continue;
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new CliUsageException($"{name} needs a value.");
            }

            if (!parsed._options.TryAdd(name, value))
            {
                throw new CliUsageException($"{name} is given twice.");
            }
        }

        return parsed;
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _flags.Contains(name);
    }

    public string? Text(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    /// <summary>An integer option; accepts <c>_</c> separators and k/M/G suffixes (<c>10M</c> = 10 000 000).</summary>
    public long Number(string name, long defaultValue, long min = 1, long max = long.MaxValue)
    {
        var text = Text(name);
        if (text is null)
        {
            return defaultValue;
        }

        var value = ParseCount(text) ?? throw new CliUsageException($"{name} must be a whole number such as 5000, 50_000 or 10M, not '{text}'.");
        return value < min || value > max
            ? throw new CliUsageException($"{name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}.")
            : value;
    }

    public int Int(string name, int defaultValue, int min = 1, int max = int.MaxValue) => (int)Number(name, defaultValue, min, max);

    /// <summary>Rejects options and flags no command read (typos, options of another command).</summary>
    public void ThrowOnUnused()
    {
        var unused = _options.Keys.Concat(_flags).Where(n => !_used.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new CliUsageException($"Unknown option{(unused.Count > 1 ? "s" : string.Empty)} for this command: {string.Join(", ", unused)}.");
        }
    }

    /// <summary>Parses <c>1500</c>, <c>1_500</c>, <c>250k</c>, <c>10M</c>, <c>1G</c>; null when malformed or out of range.</summary>
    internal static long? ParseCount(string text)
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
}
