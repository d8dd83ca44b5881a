namespace Ja4Data.Configuration;

/// <summary>
/// How one type of setting is read from text, written back as text and checked, plus the expected form quoted in
/// error messages. Shared by environment variables, <c>.env</c> files and connection strings so they agree.
/// </summary>
/// <typeparam name="T">The setting's value type.</typeparam>
/// <param name="expectedForm">Completes "X must be ...".</param>
/// <param name="parse">Reads text; false when it cannot.</param>
/// <param name="format">The canonical text.</param>
/// <param name="isValid">Range and shape checks.</param>
/// <param name="problem">
/// For kinds whose values have parts (a host list): what exactly is wrong with an invalid value, so the message can
/// name the bad part; null for none.
/// </param>
internal sealed class SettingKind<T>(
    string expectedForm,
    Func<string, (bool Parsed, T Value)> parse,
    Func<T, string> format,
    Func<T, bool> isValid,
    Func<T, string?>? problem = null)
{
    private readonly Func<string, (bool Parsed, T Value)> _parse = parse;
    private readonly Func<T, string> _format = format;
    private readonly Func<T, bool> _isValid = isValid;
    private readonly Func<T, string?>? _problem = problem;

    /// <summary>Completes "X must be ...", e.g. "an integer from 1 to 65535".</summary>
    public string ExpectedForm { get; } = expectedForm;

    public bool TryParse(string text, out T value)
    {
        (var parsed, value) = _parse(text);
        return parsed;
    }

    /// <summary>The canonical text, which <see cref="TryParse"/> reads back to the same value.</summary>
    public string Format(T value) => _format(value);

    public bool IsValid(T value) => _isValid(value);

    /// <summary>What is wrong with an invalid <paramref name="value"/> beyond its expected form; null when nothing more is known.</summary>
    public string? Problem(T value) => _problem?.Invoke(value);
}
