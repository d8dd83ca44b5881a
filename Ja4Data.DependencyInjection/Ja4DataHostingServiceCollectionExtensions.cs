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

    /// <summary>
    /// Registers a <see cref="ClickHouseIngestBuffer{T}"/> writing into <paramref name="table"/> through the registered
    /// <see cref="IClickHouseClient"/> as a singleton, and drains it when the host stops gracefully: every row added
    /// before shutdown is written or reported before the client is disposed.
    /// </summary>
    /// <param name="services">The service collection, with <c>AddJa4Data(...)</c>.</param>
    /// <param name="table">The target table (<c>table</c> or <c>database.table</c>).</param>
    /// <param name="options">Batching, capacity and dead letters; null for the defaults.</param>
    public static IServiceCollection AddJa4DataIngestBuffer<T>(this IServiceCollection services, string table, ClickHouseIngestBufferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        services.AddSingleton(sp => new ClickHouseIngestBuffer<T>(sp.GetRequiredService<IClickHouseClient>(), table, options));
        services.AddSingleton<IHostedService>(sp => new Ja4DataIngestBufferDrain<T>(sp.GetRequiredService<ClickHouseIngestBuffer<T>>()));
        return services;
    }
}
