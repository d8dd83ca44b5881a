namespace Ja4Data.LocalServer;

/// <summary>The loopback ports one local server listens on; fixed for its lifetime so a restart keeps them.</summary>
internal sealed record ServerPorts(int Tcp, int Http, int? Tls)
{
    public static ServerPorts PickFree(bool withTls)
    {
        var ports = LoopbackPorts.Pick(withTls ? 3 : 2);
        return new ServerPorts(ports[0], ports[1], withTls ? ports[2] : null);
    }
}
