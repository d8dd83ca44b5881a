namespace Ja4Data.Protocol.Packets;

/// <summary>How the client introduces itself in Hello and ClientInfo (the server may check that both agree).</summary>
internal sealed record ClientIdentity(string Name, int Major, int Minor, int Patch, string OsUser, string HostName)
{
    public static ClientIdentity Create(string name)
    {
        var version = typeof(ClientIdentity).Assembly.GetName().Version ?? new Version(1, 0, 0);
        return new ClientIdentity(name, version.Major, version.Minor, Math.Max(version.Build, 0), Environment.UserName, Environment.MachineName);
    }
}
