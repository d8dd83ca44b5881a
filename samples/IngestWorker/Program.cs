using Ja4Data;
using Ja4Data.Samples.IngestWorker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = Host.CreateApplicationBuilder(args);

// ClickHouse:* keys (appsettings.json, ClickHouse__Host variables, command line) over CLICKHOUSE_* and .env;
// a bad key stops the host at start with a message naming it.
builder.Services.AddJa4Data(builder.Configuration.GetSection("ClickHouse")).ValidateJa4DataOnStart();

// Health: a ping on a pooled connection. A worker has no HTTP endpoint, so a publisher logs the status every few
// seconds; an ASP.NET Core service maps it with app.MapHealthChecks("/healthz") instead.
builder.Services.AddHealthChecks().AddJa4Data(tags: ["ready"]);
builder.Services.Configure<HealthCheckPublisherOptions>(o =>
{
    o.Delay = TimeSpan.FromSeconds(1);
    o.Period = TimeSpan.FromSeconds(5);
});
builder.Services.AddSingleton<IHealthCheckPublisher, LoggingHealthPublisher>();

// Traces and metrics: the "Ja4Data" ActivitySource and Meter, here to the console (swap in AddOtlpExporter()).
if (builder.Configuration.GetValue("Telemetry:ConsoleExporter", true))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddSource(Ja4DataTelemetry.ActivitySourceName, IngestWorker.ActivitySourceName).AddConsoleExporter())
        .WithMetrics(metrics => metrics.AddMeter(Ja4DataTelemetry.MeterName).AddConsoleExporter());
}

builder.Services.Configure<IngestOptions>(builder.Configuration.GetSection("Ingest"));
builder.Services.AddHostedService<IngestWorker>();

await builder.Build().RunAsync();
