using System.Data.Common;
using Ja4Data;
using Ja4Data.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The namespace .NET looks in for service registrations, so `services.AddJa4Data(...)` needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Ja4Data in a service collection: <see cref="ClickHouseSettings"/>, <see cref="ClickHouseDataSource"/>
/// (also as <see cref="DbDataSource"/>) and <see cref="IClickHouseClient"/>, each a singleton. The data source is
/// disposed with the container, which closes its pooled connections; it logs through the container's
/// <see cref="ILoggerFactory"/>.
/// </summary>
/// <remarks>
/// <para>
/// Precedence, lowest to highest: defaults, the <c>.env</c> file of the current directory, the <c>CLICKHOUSE_*</c>
/// environment variables (all three exactly as <see cref="ClickHouseSettings.Load(string?)"/> reads them), the keys
/// of the registration's configuration section or connection string, and last the <c>configure</c> callback. A key
/// the section does not hold keeps the environment's value, so a section for a second deployment should name its
/// own <c>Host</c>, <c>User</c> and <c>Password</c>.
/// </para>
/// <para>
/// Settings are read and validated when first resolved, in the same way as environment variables and connection
/// strings; a bad value throws <see cref="ClickHouseConfigurationException"/> naming the key
/// (<c>ClickHouse:Port must be an integer from 1 to 65535, got 'x'.</c>). Registrations use TryAdd: the first
/// registration of a service type (or key) wins.
/// </para>
/// </remarks>
public static class Ja4DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers Ja4Data with settings from <paramref name="section"/> (keys are <see cref="ClickHouseSettings"/>
    /// property names: <c>ClickHouse:Host</c>, <c>ClickHouse:Port</c>, <c>ClickHouse:Password</c>, ...) over the
    /// <c>CLICKHOUSE_*</c> environment.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">For example <c>builder.Configuration.GetSection("ClickHouse")</c>; an unknown key is an error.</param>
    /// <param name="configure">Adjusts the bound settings last, e.g. <c>s =&gt; s with { ClientName = "ingest" }</c>.</param>
    public static IServiceCollection AddJa4Data(
        this IServiceCollection services, IConfigurationSection section, Func<ClickHouseSettings, ClickHouseSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Register(services, serviceKey: null, _ => ServiceSettings.FromSection(section, configure));
    }

    /// <summary>
    /// Registers Ja4Data with the keys of <paramref name="connectionString"/> (see
    /// <see cref="ClickHouseConnectionStringBuilder"/>) over the <c>CLICKHOUSE_*</c> environment.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">For example <c>Host=ch1;Port=9440;Secure=true;User=ingest;Password=...</c>.</param>
    /// <param name="configure">Adjusts the settings last.</param>
    public static IServiceCollection AddJa4Data(
        this IServiceCollection services, string connectionString, Func<ClickHouseSettings, ClickHouseSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return Register(services, serviceKey: null, _ => ServiceSettings.FromConnectionString(connectionString, configure));
    }

    /// <summary>Registers Ja4Data with settings from the <c>CLICKHOUSE_*</c> environment and <c>.env</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the settings last.</param>
    public static IServiceCollection AddJa4Data(this IServiceCollection services, Func<ClickHouseSettings, ClickHouseSettings>? configure = null) =>
        Register(services, serviceKey: null, _ => ServiceSettings.FromEnvironment(configure));

    /// <summary>
    /// Registers Ja4Data with settings from the <c>CLICKHOUSE_*</c> environment and <c>.env</c>, adjusted by a
    /// callback that may use other services (a secret store, say).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Receives the container and the environment's settings; returns the settings to use.</param>
    public static IServiceCollection AddJa4Data(
        this IServiceCollection services, Func<IServiceProvider, ClickHouseSettings, ClickHouseSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey: null, sp => ServiceSettings.FromEnvironment(s => configure(sp, s)));
    }

    /// <summary>
    /// <see cref="AddJa4Data(IServiceCollection, IConfigurationSection, Func{ClickHouseSettings, ClickHouseSettings})"/>
    /// as keyed services, for an application that talks to more than one ClickHouse deployment: resolve them with
    /// <c>[FromKeyedServices("analytics")]</c> or <c>GetRequiredKeyedService</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key; <see langword="null"/> registers the unkeyed services.</param>
    /// <param name="section">The deployment's configuration section.</param>
    /// <param name="configure">Adjusts the bound settings last.</param>
    public static IServiceCollection AddKeyedJa4Data(
        this IServiceCollection services, object? serviceKey, IConfigurationSection section, Func<ClickHouseSettings, ClickHouseSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Register(services, serviceKey, _ => ServiceSettings.FromSection(section, configure));
    }

    /// <summary>
    /// <see cref="AddJa4Data(IServiceCollection, string, Func{ClickHouseSettings, ClickHouseSettings})"/> as keyed
    /// services.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key; <see langword="null"/> registers the unkeyed services.</param>
    /// <param name="connectionString">The deployment's connection string.</param>
    /// <param name="configure">Adjusts the settings last.</param>
    public static IServiceCollection AddKeyedJa4Data(
        this IServiceCollection services, object? serviceKey, string connectionString, Func<ClickHouseSettings, ClickHouseSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return Register(services, serviceKey, _ => ServiceSettings.FromConnectionString(connectionString, configure));
    }

    /// <summary>
    /// <see cref="AddJa4Data(IServiceCollection, Func{IServiceProvider, ClickHouseSettings, ClickHouseSettings})"/> as
    /// keyed services.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key; <see langword="null"/> registers the unkeyed services.</param>
    /// <param name="configure">Receives the container and the environment's settings; returns the settings to use.</param>
    public static IServiceCollection AddKeyedJa4Data(
        this IServiceCollection services, object? serviceKey, Func<IServiceProvider, ClickHouseSettings, ClickHouseSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey, sp => ServiceSettings.FromEnvironment(s => configure(sp, s)));
    }

    private static IServiceCollection Register(IServiceCollection services, object? serviceKey, Func<IServiceProvider, ClickHouseSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (serviceKey is null)
        {
            services.TryAddSingleton(settings);
            services.TryAddSingleton(sp => new ClickHouseDataSource(sp.GetRequiredService<ClickHouseSettings>(), sp.GetService<ILoggerFactory>()));
            services.TryAddSingleton<DbDataSource>(sp => sp.GetRequiredService<ClickHouseDataSource>());
            services.TryAddSingleton<IClickHouseClient>(sp => new ClickHouseClient(sp.GetRequiredService<ClickHouseDataSource>()));
        }
        else
        {
            services.TryAddKeyedSingleton(serviceKey, (sp, _) => settings(sp));
            services.TryAddKeyedSingleton(serviceKey, (sp, _) => new ClickHouseDataSource(
                sp.GetRequiredKeyedService<ClickHouseSettings>(serviceKey), sp.GetService<ILoggerFactory>()));
            services.TryAddKeyedSingleton<DbDataSource>(serviceKey, (sp, _) => sp.GetRequiredKeyedService<ClickHouseDataSource>(serviceKey));
            services.TryAddKeyedSingleton<IClickHouseClient>(serviceKey, (sp, _) => new ClickHouseClient(sp.GetRequiredKeyedService<ClickHouseDataSource>(serviceKey)));
        }

        return services;
    }
}
