namespace Ja4Data.Protocol.Packets;

/// <summary>The Progress packet (docs/protocol.md, "Server packets"): increments since the previous one, fields gated by revision.</summary>
internal static class ProgressPacket
{
    public static async ValueTask<QueryProgress> ReadAsync(ProtocolReader reader, int revision, bool async, CancellationToken ct)
    {
        var readRows = await reader.ReadVarUIntAsync(async, ct);
        var readBytes = await reader.ReadVarUIntAsync(async, ct);
        var totalRows = await reader.ReadVarUIntAsync(async, ct);
        var totalBytes = revision >= ProtocolRevision.WithTotalBytesInProgress ? await reader.ReadVarUIntAsync(async, ct) : 0;
        ulong writtenRows = 0, writtenBytes = 0, elapsed = 0;
        if (revision >= ProtocolRevision.WithClientWriteInfo)
        {
            writtenRows = await reader.ReadVarUIntAsync(async, ct);
            writtenBytes = await reader.ReadVarUIntAsync(async, ct);
        }

        if (revision >= ProtocolRevision.WithServerQueryTimeInProgress)
        {
            elapsed = await reader.ReadVarUIntAsync(async, ct);
        }

        return new QueryProgress((long)readRows, (long)readBytes, (long)totalRows, (long)totalBytes, (long)writtenRows, (long)writtenBytes, (long)elapsed);
    }
}
