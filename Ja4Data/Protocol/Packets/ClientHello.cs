namespace Ja4Data.Protocol.Packets;

/// <summary>Client Hello (docs/protocol.md, "Handshake") and, from revision 54458, the addendum that follows the server's Hello.</summary>
internal static class ClientHello
{
    public static void Write(ProtocolWriter writer, ClientIdentity client, string database, string user, string password)
    {
        RejectControlCharacters(database, "database");
        RejectControlCharacters(user, "user");
        RejectControlCharacters(password, "password");
        writer.WriteVarUInt((ulong)ClientPacketType.Hello);
        writer.WriteString(client.Name);
        writer.WriteVarUInt((ulong)client.Major);
        writer.WriteVarUInt((ulong)client.Minor);
        writer.WriteVarUInt(ProtocolRevision.Current);
        writer.WriteString(database);
        writer.WriteString(user);
        writer.WriteString(password);
    }

    public static void WriteAddendum(ProtocolWriter writer, int revision, string quotaKey)
    {
        if (revision >= ProtocolRevision.WithAddendum)
        {
            writer.WriteString(quotaKey);
        }
    }

    // ClickHouse's own client refuses these (SSRF hardening); a control character in a credential is never intended.
    private static void RejectControlCharacters(string value, string what)
    {
        if (value.Any(char.IsControl))
        {
            throw new ClickHouseConfigurationException($"The {what} contains a control character, which the native protocol does not allow.");
        }
    }
}
