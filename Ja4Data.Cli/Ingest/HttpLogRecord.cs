using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Ingest;

/// <summary>One generated HTTP-log row as a service would hold it: a record whose members map to the wide table's columns.</summary>
internal sealed record HttpLogRecord(
    ulong TsMs, string SrcIp, ushort SrcPort, string Host, string Method, string Path, ushort Status, string Ja4, string Ja4h, string UserAgent, ulong Bytes, double LatencyMs)
{
    public static HttpLogRecord From(HttpLogBatch batch, int i) => new(
        batch.TimestampMs[i], batch.SourceIp[i], batch.SourcePort[i], batch.Host[i], batch.Method[i], batch.Path[i], batch.Status[i],
        batch.Ja4[i], batch.Ja4H[i], batch.UserAgent[i], batch.Bytes[i], batch.LatencyMs[i]);
}
