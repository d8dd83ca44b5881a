using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ja4Data.Samples.IngestWorker;

/// <summary>Logs each health report: how a worker without an HTTP endpoint shows its health.</summary>
internal sealed partial class LoggingHealthPublisher(ILogger<LoggingHealthPublisher> logger) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            Health(logger, name, entry.Status, entry.Description ?? string.Empty);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Health {Name}: {Status} - {Description}")]
    private static partial void Health(ILogger logger, string name, HealthStatus status, string description);
}
