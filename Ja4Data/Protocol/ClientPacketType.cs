namespace Ja4Data.Protocol;

/// <summary>Packet codes the client sends (ClickHouse <c>Protocol.h</c>, namespace Client).</summary>
internal enum ClientPacketType : byte
{
    Hello = 0,
    Query = 1,
    Data = 2,
    Cancel = 3,
    Ping = 4,
}
