namespace Ja4Data.Configuration;

/// <summary>The kinds of value a ClickHouse setting can hold, with their parsing rules and ranges.</summary>
internal static class SettingKinds
{
    /// <summary>Upper bound of every duration: one day, which every timer and Polly strategy accepts.</summary>
    public const int MaxSeconds = 86_400;

    private static readonly string[] TrueWords = ["true", "1", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "0", "no", "off"];

    /// <summary>One host or several, comma-separated, each with an optional port (<see cref="HostList"/>).</summary>
    public static SettingKind<string> Hosts { get; } = new(
        HostList.ExpectedForm,
        text => (true, text),
        value => value,
        value => HostList.TryParse(value, out _, out _),
        value => HostList.TryParse(value, out _, out var problem) ? null : problem);

    public static SettingKind<string> NonEmptyText { get; } =
        Text("a non-empty string", value => !string.IsNullOrEmpty(value));

    public static SettingKind<string> AnyText { get; } = Text("a string", value => value is not null);

    public static SettingKind<string> DatabaseName { get; } = Text(
        "a plain identifier (a letter or underscore, then letters, digits or underscores; at most 255 characters)",
        ClickHouseIdentifier.IsValid);

    /// <summary>Empty text means "none", as for <see cref="OptionalPath"/>; anything else must be a plain identifier.</summary>
    public static SettingKind<string> OptionalIdentifier { get; } = Text(
        "empty, or a plain identifier (a letter or underscore, then letters, digits or underscores; at most 255 characters)",
        value => value is not null && (value.Length == 0 || ClickHouseIdentifier.IsValid(value)));

    /// <summary>Empty text means "not set", so a blank variable can switch the option off.</summary>
    public static SettingKind<string?> OptionalPath { get; } = new(
        "a file path, or empty for none",
        text => (true, text.Length == 0 ? null : text),
        value => value ?? string.Empty,
        value => value is null || !string.IsNullOrWhiteSpace(value));

    public static SettingKind<ClickHouseLoadBalancing> LoadBalancing { get; } = new(
        "one of in_order, round_robin or random",
        text => ParseWord<ClickHouseLoadBalancing>(text, FormatLoadBalancing),
        FormatLoadBalancing,
        Enum.IsDefined);

    public static SettingKind<bool> Boolean { get; } = new(
        "true or false (also 1/0, yes/no, on/off)",
        ParseBoolean,
        value => value ? "true" : "false",
        _ => true);

    public static SettingKind<ClickHouseCompression> Compression { get; } = new(
        "one of none, lz4 or zstd",
        text => ParseWord<ClickHouseCompression>(text, FormatCompression),
        FormatCompression,
        Enum.IsDefined);

    /// <summary>none, online or offline; the boolean words too (true = online, false = none), as for a switch.</summary>
    public static SettingKind<ClickHouseTlsRevocationCheck> RevocationCheck { get; } = new(
        "one of none, online or offline (also true = online, false = none)",
        ParseRevocationCheck,
        value => value switch
        {
            ClickHouseTlsRevocationCheck.None => "none",
            ClickHouseTlsRevocationCheck.Online => "online",
            ClickHouseTlsRevocationCheck.Offline => "offline",
            _ => ((int)value).ToString(CultureInfo.InvariantCulture),
        },
        Enum.IsDefined);

    public static SettingKind<int> Integer(int min, int max) => new(
        string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}"),
        text => (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value), value),
        value => value.ToString(CultureInfo.InvariantCulture),
        value => value >= min && value <= max);

    /// <summary>A size in bytes, written as a whole number.</summary>
    public static SettingKind<long> Bytes(long min, long max) => new(
        string.Create(CultureInfo.InvariantCulture, $"a number of bytes from {min} to {max}"),
        text => (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value), value),
        value => value.ToString(CultureInfo.InvariantCulture),
        value => value >= min && value <= max);

    /// <summary>
    /// A duration written as seconds with optional decimals ("0.2"); <paramref name="zeroMeans"/> (when given)
    /// allows 0 and says what it stands for.
    /// </summary>
    public static SettingKind<TimeSpan> Seconds(string? zeroMeans = null)
    {
        var max = TimeSpan.FromSeconds(MaxSeconds);
        return zeroMeans is null
            ? Duration(
                $"a number of seconds greater than 0 and at most {MaxSeconds} (decimals allowed)",
                value => value > TimeSpan.Zero && value <= max)
            : Duration(
                $"a number of seconds from 0 to {MaxSeconds} (decimals allowed; 0 = {zeroMeans})",
                value => value >= TimeSpan.Zero && value <= max);
    }

    private static SettingKind<TimeSpan> Duration(FormattableString expectedForm, Func<TimeSpan, bool> isValid) => new(
        FormattableString.Invariant(expectedForm),
        ParseSeconds,
        value => ((decimal)value.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture),
        isValid);

    private static SettingKind<string> Text(string expectedForm, Func<string, bool> isValid) =>
        new(expectedForm, text => (true, text), value => value, isValid);

    private static (bool, bool) ParseBoolean(string text)
    {
        var word = text.Trim();
        if (TrueWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return (true, true);
        }

        return (FalseWords.Contains(word, StringComparer.OrdinalIgnoreCase), false);
    }

    private static string FormatCompression(ClickHouseCompression value) => value switch
    {
        ClickHouseCompression.None => "none",
        ClickHouseCompression.Lz4 => "lz4",
        ClickHouseCompression.Zstd => "zstd",
        _ => ((int)value).ToString(CultureInfo.InvariantCulture),
    };

    private static string FormatLoadBalancing(ClickHouseLoadBalancing value) => value switch
    {
        ClickHouseLoadBalancing.InOrder => "in_order",
        ClickHouseLoadBalancing.RoundRobin => "round_robin",
        ClickHouseLoadBalancing.Random => "random",
        _ => ((int)value).ToString(CultureInfo.InvariantCulture),
    };

    // Enum.TryParse would also accept "1" or "Lz4, Zstd"; only the documented words are valid.
    private static (bool, T) ParseWord<T>(string text, Func<T, string> format)
        where T : struct, Enum
    {
        var word = text.Trim();
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(word, format(value), StringComparison.OrdinalIgnoreCase))
            {
                return (true, value);
            }
        }

        return (false, default);
    }

    private static (bool, ClickHouseTlsRevocationCheck) ParseRevocationCheck(string text)
    {
        var word = text.Trim();
        foreach (var value in Enum.GetValues<ClickHouseTlsRevocationCheck>())
        {
            if (string.Equals(word, RevocationCheck.Format(value), StringComparison.OrdinalIgnoreCase))
            {
                return (true, value);
            }
        }

        var (isBoolean, on) = ParseBoolean(word);
        return (isBoolean, on ? ClickHouseTlsRevocationCheck.Online : ClickHouseTlsRevocationCheck.None);
    }

    private static (bool, TimeSpan) ParseSeconds(string text)
    {
        const NumberStyles style = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
            | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

        // Decimal keeps "0.2" exact down to the tick; values far out of range are rejected before they can overflow.
        if (!decimal.TryParse(text, style, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(seconds) > MaxSeconds * 1000m)
        {
            return (false, default);
        }

        return (true, TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond)));
    }
}
