namespace Ja4Data.Cli.Bench;

/// <summary>A parsed http_logs row as an application would declare it: members map to the snake_case columns by name.</summary>
internal sealed record HttpLogRecord(
    ulong TsMs, string SrcIp, ushort SrcPort, string Host, string Method, string Path, ushort Status, string Ja4, string Ja4H, string UserAgent, ulong Bytes, double LatencyMs)
{
    /// <summary>The checksum the typed-getter contender computes, from the record's members.</summary>
    public long Checksum() => (long)TsMs + SrcIp.Length + SrcPort + Host.Length + Method.Length + Path.Length + Status + Ja4.Length + Ja4H.Length + UserAgent.Length + (long)Bytes + (long)LatencyMs;
}
