namespace Ja4Data.Configuration;

/// <summary>A setting of type <typeparamref name="T"/>: see <see cref="IClickHouseSetting"/>.</summary>
internal sealed class ClickHouseSetting<T> : IClickHouseSetting
{
    private static readonly ClickHouseSettings Defaults = new();

    private readonly SettingKind<T> _kind;
    private readonly Func<ClickHouseSettings, T> _get;
    private readonly Func<ClickHouseSettings, T, ClickHouseSettings> _with;
    private readonly Func<ClickHouseSettings, bool>? _isSet;

    public ClickHouseSetting(
        string name,
        string environmentVariable,
        SettingKind<T> kind,
        Func<ClickHouseSettings, T> get,
        Func<ClickHouseSettings, T, ClickHouseSettings> with,
        IReadOnlyList<string>? aliases = null,
        bool isSecret = false,
        Func<ClickHouseSettings, bool>? isSet = null)
    {
        Name = name;
        EnvironmentVariable = environmentVariable;
        _kind = kind;
        _get = get;
        _with = with;
        Aliases = aliases ?? [];
        IsSecret = isSecret;
        _isSet = isSet;
    }

    public string Name { get; }

    public string EnvironmentVariable { get; }

    public IReadOnlyList<string> Aliases { get; }

    public bool IsSecret { get; }

    public ClickHouseSettings Apply(ClickHouseSettings settings, string text, string source) =>
        _with(settings, Parse(text, source));

    public string Normalize(object value, string source)
    {
        if (value is T typed)
        {
            if (!_kind.IsValid(typed))
            {
                throw Invalid(source, Shown(typed), _kind.Problem(typed));
            }

            return _kind.Format(typed);
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        return _kind.Format(Parse(text, source));
    }

    public void Validate(ClickHouseSettings settings)
    {
        var value = _get(settings);
        if (!_kind.IsValid(value))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{Name} ({EnvironmentVariable})"), Shown(value), _kind.Problem(value));
        }
    }

    public bool IsSet(ClickHouseSettings settings) =>
        _isSet?.Invoke(settings) ?? !EqualityComparer<T>.Default.Equals(_get(settings), _get(Defaults));

    public string Format(ClickHouseSettings settings) => _kind.Format(_get(settings));

    public string Display(ClickHouseSettings settings)
    {
        var value = _get(settings);
        if (IsSecret)
        {
            return value is null || value is string { Length: 0 } ? string.Empty : "***";
        }

        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private T Parse(string text, string source)
    {
        if (!_kind.TryParse(text, out var value))
        {
            throw Invalid(source, "'" + text + "'", null);
        }

        if (!_kind.IsValid(value))
        {
            throw Invalid(source, "'" + text + "'", _kind.Problem(value));
        }

        return value;
    }

    private string Shown(T value) => value is null ? "null" : "'" + _kind.Format(value) + "'";

    private ClickHouseConfigurationException Invalid(string source, string shown, string? problem) => new(IsSecret
        ? $"{source} must be {_kind.ExpectedForm} (the value is not shown because it is secret)."
        : problem is null
            ? $"{source} must be {_kind.ExpectedForm}, got {shown}."
            : $"{source} must be {_kind.ExpectedForm}, got {shown}: {problem}.");
}
