namespace Ja4Data.Cli.Ingest;

/// <summary>
/// One log line as a collector-facing service holds it before it goes into <c>http_logs_raw</c>: the JSON text it
/// received. A record rather than an <c>object?[]</c> row because its member names its column (<c>raw</c>), so the
/// buffer needs no column list, a row costs one small object instead of an array plus a boxed slot, and the same rows
/// go through the facade's <c>InsertAsync&lt;T&gt;</c> for comparison. <c>ingested_at</c> is left to the server's
/// default, as collectors do.
/// </summary>
internal sealed record RawLogLine(string Raw);
