using Microsoft.Extensions.Logging;

namespace Ja4Data.Core.Diagnostics;

/// <summary>
/// What every operation of one data source reports with: the server and database it names (never credentials), the
/// pool's name, the loggers, and the tracing and slow-statement settings.
/// </summary>
internal sealed class DbClientDiagnostics
{
    public DbClientDiagnostics(ClickHouseSettings settings, string poolName, ILoggerFactory loggerFactory)
    {
        // With several hosts the operation's attributes name the first; per-host figures are on the pools' metrics.
        var first = settings.GetHosts()[0];
        ServerAddress = first.Host;
        ServerPort = first.Port;
        Namespace = settings.Database;
        Server = $"{first.Host}:{first.Port}";
        PoolName = poolName;
        TraceQueryText = settings.TraceQueryText;
        SlowStatementThreshold = settings.SlowStatementThreshold;
        Commands = loggerFactory.CreateLogger(Ja4DataTelemetry.CommandLogCategory);
        Retries = loggerFactory.CreateLogger(Ja4DataTelemetry.RetryLogCategory);
    }

    public string ServerAddress { get; }

    public int ServerPort { get; }

    public string Namespace { get; }

    /// <summary><c>host:port</c>, for messages.</summary>
    public string Server { get; }

    public string PoolName { get; }

    public bool TraceQueryText { get; }

    public TimeSpan SlowStatementThreshold { get; }

    public ILogger Commands { get; }

    public ILogger Retries { get; }
}
