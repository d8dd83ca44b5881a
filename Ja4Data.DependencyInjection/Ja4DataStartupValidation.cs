using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ja4Data.DependencyInjection;

/// <summary>Resolves the registered settings as the host starts, which reads and validates them.</summary>
internal sealed class Ja4DataStartupValidation(IServiceProvider services, object? serviceKey) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = serviceKey is null
            ? services.GetRequiredService<ClickHouseSettings>()
            : services.GetRequiredKeyedService<ClickHouseSettings>(serviceKey);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
