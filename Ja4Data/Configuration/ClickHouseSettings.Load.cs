using Ja4Data.Configuration;
namespace Ja4Data;

public sealed partial record ClickHouseSettings
{
    /// <summary>
    /// Reads the settings from <c>CLICKHOUSE_*</c> variables (<see cref="ClickHouseEnvironmentVariables"/>) and
    /// validates them. Per variable, the process environment wins over the <c>.env</c> file, which wins over the
    /// default. Variable names are case-sensitive; the process environment is never modified.
    /// </summary>
    /// <param name="dotEnvPath">
    /// The <c>.env</c> file to read; it must exist. When null, <c>.env</c> in the current directory is read if
    /// present.
    /// </param>
    /// <exception cref="ClickHouseConfigurationException">
    /// A value is malformed or out of range, or the <c>.env</c> file is missing or malformed. The message names
    /// the variable and the expected form.
    /// </exception>
    public static ClickHouseSettings Load(string? dotEnvPath = null) => Load(ReadProcessEnvironment(), dotEnvPath);

    /// <summary>
    /// <see cref="Load(string?)"/> with <paramref name="environment"/> standing in for the process environment
    /// (a null value counts as unset), so tests need not change the real one.
    /// </summary>
    internal static ClickHouseSettings Load(IReadOnlyDictionary<string, string?> environment, string? dotEnvPath)
    {
        var settings = ReadEnvironment(environment, dotEnvPath);
        settings.Validate();
        return settings;
    }

    /// <summary>
    /// What <see cref="Load(string?)"/> reads (./.env when present), each value parsed and range-checked but the
    /// whole not yet validated, so later layers (a configuration section) can still fix a relation between values.
    /// </summary>
    internal static ClickHouseSettings ReadEnvironment() => ReadEnvironment(ReadProcessEnvironment(), dotEnvPath: null);

    private static ClickHouseSettings ReadEnvironment(IReadOnlyDictionary<string, string?> environment, string? dotEnvPath)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dotEnv = DotEnvFile.Read(dotEnvPath);
        var settings = new ClickHouseSettings();
        foreach (var setting in ClickHouseSettingCatalog.All)
        {
            var name = setting.EnvironmentVariable;
            if ((environment.TryGetValue(name, out var text) && text is not null) || dotEnv.TryGetValue(name, out text))
            {
                settings = setting.Apply(settings, text, name);
            }
        }

        return settings;
    }

    private static Dictionary<string, string?> ReadProcessEnvironment() => ClickHouseSettingCatalog.All.ToDictionary(
        setting => setting.EnvironmentVariable,
        setting => Environment.GetEnvironmentVariable(setting.EnvironmentVariable),
        StringComparer.Ordinal);
}
