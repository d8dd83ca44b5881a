using System.Diagnostics;

namespace Ja4Data;

/// <summary>
/// The names Ja4Data's logs, traces and metrics appear under, for wiring them up: OpenTelemetry's
/// <c>AddSource(Ja4DataTelemetry.ActivitySourceName)</c> and <c>AddMeter(Ja4DataTelemetry.MeterName)</c>, and logging
/// filters on the categories. See docs/services.md for every span attribute, instrument and event id.
/// </summary>
public static class Ja4DataTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the client spans: one per ADO.NET execution or facade call.</summary>
    public const string ActivitySourceName = "Ja4Data";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the operation, pool and retry instruments.</summary>
    public const string MeterName = "Ja4Data";

    /// <summary>Log category of statements: executing and completed (Debug), slow statements and unknown insert outcomes (Warning).</summary>
    public const string CommandLogCategory = "Ja4Data.Command";

    /// <summary>Log category of physical connections: opened and closed (Debug), broken or failing to open (Warning).</summary>
    public const string ConnectionLogCategory = "Ja4Data.Connection";

    /// <summary>Log category of the connection pool: exhausted (Warning).</summary>
    public const string PoolLogCategory = "Ja4Data.Pool";

    /// <summary>Log category of the facade's retries: retry scheduled (Warning).</summary>
    public const string RetryLogCategory = "Ja4Data.Retry";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(Ja4DataTelemetry).Assembly.GetName().Version?.ToString());
}
