using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ja4Data.DependencyInjection;

/// <summary>
/// Healthy when a connection leased from the application's own data source answers a ping within the timeout, so the
/// check sees what the application sees (the same pool, settings and server). Descriptions and data name the server,
/// never the credentials.
/// </summary>
internal sealed class Ja4DataHealthCheck(IServiceProvider services, object? serviceKey, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Resolved here rather than when the check is created: a missing registration or a bad setting then becomes
        // this check's failure, not an exception that fails the whole health report.
        ClickHouseDataSource dataSource;
        try
        {
            dataSource = (serviceKey is null ? services.GetService<ClickHouseDataSource>() : services.GetKeyedService<ClickHouseDataSource>(serviceKey))
                ?? throw new InvalidOperationException(
                    $"The Ja4Data health check needs a ClickHouseDataSource{(serviceKey is null ? string.Empty : $" with key '{serviceKey}'")}: "
                    + $"register one with services.{(serviceKey is null ? "AddJa4Data" : "AddKeyedJa4Data")}(...) from the Ja4Data package.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ClickHouseConfigurationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }

        var settings = dataSource.Settings;
        // Every host of a multi-host data source; the one that answered once a connection is open.
        var server = string.Join(',', settings.GetHosts());
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["server"] = server,
            ["database"] = settings.Database,
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token);
            await connection.PingAsync(deadline.Token);
            data["serverVersion"] = connection.ServerVersion;
            return HealthCheckResult.Healthy($"ClickHouse at {connection.DataSource} answered a ping.", data);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"ClickHouse at {server} did not answer a ping within {timeout.TotalSeconds} s (leasing a pooled connection included)."),
                data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Ja4Data's messages never contain the password, so the reason can be passed on as it is.
            return new HealthCheckResult(
                context.Registration.FailureStatus, $"ClickHouse at {server} is unreachable or failing: {ex.Message}", ex, data);
        }
    }
}
