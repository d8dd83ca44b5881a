namespace Ja4Data.Protocol;

/// <summary>Packet codes the server sends (ClickHouse <c>Protocol.h</c>, namespace Server).</summary>
internal enum ServerPacketType : byte
{
    Hello = 0,
    Data = 1,
    Exception = 2,
    Progress = 3,
    Pong = 4,
    EndOfStream = 5,
    ProfileInfo = 6,
    Totals = 7,
    Extremes = 8,
    TablesStatusResponse = 9,
    Log = 10,
    TableColumns = 11,
    PartUuids = 12,
    ReadTaskRequest = 13,
    ProfileEvents = 14,
    MergeTreeAllRangesAnnouncement = 15,
    MergeTreeReadTaskRequest = 16,
    TimezoneUpdate = 17,
    SshChallenge = 18,
}
