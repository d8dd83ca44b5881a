using Microsoft.Extensions.Configuration;

namespace Ja4Data.Configuration;

/// <summary>
/// Reads a Microsoft.Extensions.Configuration section whose keys are <see cref="ClickHouseSettings"/> property names
/// (<c>ClickHouse:Host</c>, <c>ClickHouse:Port</c>, ...) through the setting catalog, so values parse and are checked
/// exactly as environment variables and connection strings are.
/// </summary>
internal static class ConfigurationSectionReader
{
    /// <summary>
    /// <paramref name="settings"/> with the values of the keys <paramref name="section"/> holds, not validated as a
    /// whole. Errors name the key by its full path (<c>ClickHouse:Port must be ...</c>); unknown keys are errors, so
    /// a misspelt key cannot silently leave its default in place.
    /// </summary>
    /// <exception cref="ClickHouseConfigurationException">A key is unknown, has sub-keys, or its value is malformed.</exception>
    public static ClickHouseSettings Apply(ClickHouseSettings settings, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(section);
        foreach (var child in section.GetChildren())
        {
            var setting = ClickHouseSettingCatalog.Find(child.Key) ?? throw new ClickHouseConfigurationException(
                $"{child.Path} is not a ClickHouse setting. Valid keys: {ClickHouseSettingCatalog.ValidKeys}.");
            if (child.Value is null)
            {
                throw new ClickHouseConfigurationException(
                    $"{child.Path} must be a value, not a section with sub-keys (it sets {setting.Name}).");
            }

            settings = setting.Apply(settings, child.Value, child.Path);
        }

        return settings;
    }
}
