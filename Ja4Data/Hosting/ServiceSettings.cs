using Ja4Data.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ja4Data.Hosting;

/// <summary>
/// The one precedence rule of a service registration: the <c>CLICKHOUSE_*</c> environment and <c>.env</c> as
/// <see cref="ClickHouseSettings.Load(string?)"/> reads them, then the registration's own source (a configuration
/// section or a connection string) for the keys it holds, then the configure callback; validated once at the end.
/// </summary>
internal static class ServiceSettings
{
    public static ClickHouseSettings FromEnvironment(Func<ClickHouseSettings, ClickHouseSettings>? configure) =>
        Finish(ClickHouseSettings.ReadEnvironment(), configure, source: null);

    public static ClickHouseSettings FromSection(IConfigurationSection section, Func<ClickHouseSettings, ClickHouseSettings>? configure) =>
        Finish(ConfigurationSectionReader.Apply(ClickHouseSettings.ReadEnvironment(), section), configure, $"configuration section '{section.Path}'");

    public static ClickHouseSettings FromConnectionString(string connectionString, Func<ClickHouseSettings, ClickHouseSettings>? configure) =>
        Finish(new ClickHouseConnectionStringBuilder(connectionString).ApplyTo(ClickHouseSettings.ReadEnvironment()), configure, "connection string");

    private static ClickHouseSettings Finish(ClickHouseSettings settings, Func<ClickHouseSettings, ClickHouseSettings>? configure, string? source)
    {
        if (configure is not null)
        {
            settings = configure(settings) ?? throw new InvalidOperationException(
                "The Ja4Data configure callback returned null; return the settings to use, e.g. s => s with { ClientName = \"ingest\" }.");
        }

        try
        {
            settings.Validate();
        }
        catch (ClickHouseConfigurationException ex) when (source is not null)
        {
            // The rule that failed may relate a value of the source to one of the environment: say where both come from.
            throw new ClickHouseConfigurationException(
                $"Ja4Data settings from the {source} over the CLICKHOUSE_* environment: {ex.Message}", ex);
        }

        return settings;
    }
}
