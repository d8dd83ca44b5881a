using Ja4Data.Sql;

namespace Ja4Data.Protocol.Packets;

/// <summary>The Query packet (docs/protocol.md, "Query packet") with ClientInfo, settings and parameters, gated on the negotiated revision.</summary>
internal static class QueryPacket
{
    private const byte InitialQuery = 1;
    private const byte TcpInterface = 1;
    private const ulong CustomSettingFlag = 0x02;

    /// <summary>
    /// Writes the packet. Parameter values are their escaped text form; this adds the field-dump quoting.
    /// <paramref name="trace"/> reaches the server only from revision 54442; older servers have no field for it.
    /// </summary>
    public static void Write(ProtocolWriter writer, int revision, ClientIdentity client, string queryId, string initialAddress, string query,
        IReadOnlyDictionary<string, string>? settings, IReadOnlyDictionary<string, string>? parameters, bool compress, TraceContext? trace = null)
    {
        writer.WriteVarUInt((ulong)ClientPacketType.Query);
        writer.WriteString(queryId);
        if (revision >= ProtocolRevision.WithClientInfo)
        {
            WriteClientInfo(writer, revision, client, initialAddress, trace);
        }

        WriteSettings(writer, revision, settings);
        if (revision >= ProtocolRevision.WithInterserverSecret)
        {
            writer.WriteString(string.Empty);
        }

        writer.WriteVarUInt((ulong)QueryProcessingStage.Complete);
        writer.WriteVarUInt(compress ? 1UL : 0UL);
        writer.WriteString(query);
        if (revision >= ProtocolRevision.WithParameters)
        {
            foreach (var (name, value) in parameters ?? EmptyDictionary)
            {
                writer.WriteString(name);
                writer.WriteVarUInt(CustomSettingFlag);
                writer.WriteString(ClickHouseLiteral.Quote(value));
            }

            writer.WriteString(string.Empty);
        }
        else if (parameters is { Count: > 0 })
        {
            throw new InvalidOperationException("Server-side parameters need protocol revision 54459; substitute them client-side for older servers.");
        }
    }

    private static readonly Dictionary<string, string> EmptyDictionary = [];

    private static void WriteClientInfo(ProtocolWriter writer, int revision, ClientIdentity client, string initialAddress, TraceContext? trace)
    {
        writer.WriteByte(InitialQuery);
        writer.WriteString(string.Empty); // initial_user: the server fills it in for initial queries
        writer.WriteString(string.Empty); // initial_query_id
        writer.WriteString(initialAddress);
        if (revision >= ProtocolRevision.WithInitialQueryStartTime)
        {
            writer.WriteFixed(0L);
        }

        writer.WriteByte(TcpInterface);
        writer.WriteString(client.OsUser);
        writer.WriteString(client.HostName);
        writer.WriteString(client.Name);
        writer.WriteVarUInt((ulong)client.Major);
        writer.WriteVarUInt((ulong)client.Minor);
        writer.WriteVarUInt(ProtocolRevision.Current);
        if (revision >= ProtocolRevision.WithQuotaKeyInClientInfo)
        {
            writer.WriteString(string.Empty);
        }

        if (revision >= ProtocolRevision.WithDistributedDepth)
        {
            writer.WriteVarUInt(0);
        }

        if (revision >= ProtocolRevision.WithVersionPatch)
        {
            writer.WriteVarUInt((ulong)client.Patch);
        }

        if (revision >= ProtocolRevision.WithOpenTelemetry)
        {
            TraceContext.Write(writer, trace);
        }

        if (revision >= ProtocolRevision.WithParallelReplicas)
        {
            writer.WriteVarUInt(0);
            writer.WriteVarUInt(0);
            writer.WriteVarUInt(0);
        }
    }

    private static void WriteSettings(ProtocolWriter writer, int revision, IReadOnlyDictionary<string, string>? settings)
    {
        foreach (var (name, value) in settings ?? EmptyDictionary)
        {
            writer.WriteString(name);
            if (revision >= ProtocolRevision.WithSettingsSerializedAsStrings)
            {
                writer.WriteVarUInt(0); // not IMPORTANT: a server that does not know the setting ignores it
                writer.WriteString(value);
            }
            else
            {
                LegacySettings.WriteValue(writer, name, value, revision);
            }
        }

        writer.WriteString(string.Empty);
    }

    /// <summary>Formats a value as a setting's text form.</summary>
    public static string SettingText(object value) => value switch
    {
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
