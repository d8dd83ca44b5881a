namespace Ja4Data.Protocol.Packets;

/// <summary>The server's Hello (docs/protocol.md, "Handshake"); fields are gated on the revision the client announced.</summary>
internal sealed record ServerHello(string Name, int Major, int Minor, int Patch, int Revision, string Timezone, string DisplayName)
{
    /// <summary>The revision both sides speak: min(client, server).</summary>
    public int NegotiatedRevision => Math.Min(Revision, ProtocolRevision.Current);

    public string Version => $"{Major}.{Minor}.{Patch}";

    /// <summary>Reads the body after the packet type.</summary>
    public static ValueTask<ServerHello> ReadAsync(ProtocolReader reader, bool async, CancellationToken ct)
        // Its strings are held to the block ceiling, as those of every packet that carries strings are.
        => reader.ReadWithinBlockLimitAsync(ReadFieldsAsync, async, ct);

    private static async ValueTask<ServerHello> ReadFieldsAsync(ProtocolReader reader, bool async, CancellationToken ct)
    {
        var name = await reader.ReadStringAsync(async, ct);
        var major = await reader.ReadCountAsync("server major version", int.MaxValue, async, ct);
        var minor = await reader.ReadCountAsync("server minor version", int.MaxValue, async, ct);
        var serverRevision = await reader.ReadCountAsync("server revision", int.MaxValue, async, ct);
        var revision = Math.Min(serverRevision, ProtocolRevision.Current);
        var timezone = revision >= ProtocolRevision.WithServerTimezone ? await reader.ReadStringAsync(async, ct) : "UTC";
        var displayName = revision >= ProtocolRevision.WithServerDisplayName ? await reader.ReadStringAsync(async, ct) : name;
        var patch = revision >= ProtocolRevision.WithVersionPatch
            ? await reader.ReadCountAsync("server patch version", int.MaxValue, async, ct)
            : serverRevision;
        if (revision >= ProtocolRevision.WithPasswordComplexityRules)
        {
            var rules = await reader.ReadCountAsync("password complexity rule count", 256, async, ct);
            for (var i = 0; i < rules * 2; i++)
            {
                await reader.SkipStringAsync(async, ct);
            }
        }

        if (revision >= ProtocolRevision.WithInterserverSecretV2)
        {
            await reader.ReadUInt64Async(async, ct); // nonce: only for interserver authentication
        }

        return new ServerHello(name, major, minor, patch, serverRevision, timezone, displayName);
    }
}
