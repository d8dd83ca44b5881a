using Ja4Data;
using Ja4Data.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// The namespace .NET's own health-check registrations live in, so `AddHealthChecks().AddJa4Data()` needs no using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a Ja4Data health check to <c>services.AddHealthChecks()</c>.</summary>
public static class Ja4DataHealthChecksBuilderExtensions
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks ClickHouse through the registered <see cref="ClickHouseDataSource"/> (<c>services.AddJa4Data(...)</c>):
    /// healthy when a pooled connection answers a ping within <paramref name="timeout"/>; otherwise
    /// <paramref name="failureStatus"/> with the reason (the server and the error, never the password).
    /// </summary>
    /// <param name="builder">The health-checks builder.</param>
    /// <param name="name">The check's name; default <c>ja4data</c>, or <c>ja4data:{serviceKey}</c> for a keyed data source.</param>
    /// <param name="failureStatus">The status reported on failure; default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <param name="timeout">How long leasing a connection and the ping may take together; default 5 s.</param>
    /// <param name="serviceKey">The key of a data source registered with <c>AddKeyedJa4Data</c>; null for the unkeyed one.</param>
    public static IHealthChecksBuilder AddJa4Data(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null,
        object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limit = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));
        return builder.Add(new HealthCheckRegistration(
            name ?? (serviceKey is null ? "ja4data" : $"ja4data:{serviceKey}"),
            sp => new Ja4DataHealthCheck(sp, serviceKey, limit),
            failureStatus,
            tags));
    }
}
