using Ja4Data;
using Ja4Data.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Generic Host integration of Ja4Data.</summary>
public static class Ja4DataHostingServiceCollectionExtensions
{
    /// <summary>
    /// Reads and validates the registered <see cref="ClickHouseSettings"/> when the host starts, so a bad value stops
    /// the start with a <see cref="ClickHouseConfigurationException"/> naming the key instead of failing the first
    /// request. Nothing connects: an unreachable server is the health check's business, not a reason not to start.
    /// </summary>
    /// <param name="services">The service collection, with <c>AddJa4Data(...)</c> or <c>AddKeyedJa4Data(...)</c>.</param>
    /// <param name="serviceKey">The key of a keyed registration; null for the unkeyed one.</param>
    public static IServiceCollection ValidateJa4DataOnStart(this IServiceCollection services, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IHostedService>(sp => new Ja4DataStartupValidation(sp, serviceKey));
        return services;
    }
}
