namespace Ja4Data.Protocol.Packets;

/// <summary>ProfileInfo (docs/protocol.md, "Server packets"): what the server did to produce the result.</summary>
internal sealed record ProfileInfoPacket(long Rows, long Blocks, long Bytes, bool AppliedLimit, long RowsBeforeLimit)
{
    public static async ValueTask<ProfileInfoPacket> ReadAsync(ProtocolReader reader, int revision, bool async, CancellationToken ct)
    {
        var rows = await reader.ReadVarUIntAsync(async, ct);
        var blocks = await reader.ReadVarUIntAsync(async, ct);
        var bytes = await reader.ReadVarUIntAsync(async, ct);
        var appliedLimit = await reader.ReadBoolAsync(async, ct);
        var rowsBeforeLimit = await reader.ReadVarUIntAsync(async, ct);
        await reader.ReadBoolAsync(async, ct); // calculated_rows_before_limit
        if (revision >= ProtocolRevision.WithRowsBeforeAggregation)
        {
            await reader.ReadBoolAsync(async, ct); // applied_aggregation
            await reader.ReadVarUIntAsync(async, ct); // rows_before_aggregation
        }

        return new ProfileInfoPacket((long)rows, (long)blocks, (long)bytes, appliedLimit, (long)rowsBeforeLimit);
    }
}
