using Ja4Data.Protocol.Packets;

namespace Ja4Data.TestSupport;

/// <summary>The client the packet tests write Hello and Query packets as: their expected bytes spell its name, version, user and host.</summary>
internal static class TestClient
{
    public static readonly ClientIdentity Identity = new("ClickHouse C#", 1, 0, 3, "svc", "host1");
}
