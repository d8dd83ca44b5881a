using System.Globalization;
using System.Net.Sockets;
using Ja4Data.Protocol;

namespace Ja4Data.TestSupport;

/// <summary>
/// One client connection to a <see cref="FakeNativeServer"/>, as its script sees it: read what the client sends
/// (<see cref="Reader"/> and the packet readers here), send any bytes back, stay silent, hang up.
/// </summary>
/// <remarks>
/// Packets are read field by field at the revision the handshake settled on, gated on the library's
/// <see cref="ProtocolRevision"/> constants; the bytes are read by <see cref="WireReader"/>, not the library's reader.
/// </remarks>
internal sealed class FakeConnection
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    internal FakeConnection(Socket socket, Stream stream, int index, CancellationToken stopping)
    {
        _socket = socket;
        _stream = stream;
        Index = index;
        Stopping = stopping;
        Reader = new WireReader(stream, stopping);
    }

    /// <summary>0 for the server's first connection, 1 for the next (a retry, a second pooled connection), ...</summary>
    public int Index { get; }

    /// <summary>Cancelled when the server is disposed.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>What the client sent, for fields no method here reads.</summary>
    public WireReader Reader { get; }

    /// <summary>The revision the client announced in its Hello (0 before <see cref="ReadHelloAsync"/>).</summary>
    public int ClientRevision { get; private set; }

    /// <summary>The revision both sides speak after <see cref="SendHelloAsync"/>: the lower of the two announced.</summary>
    public int Revision { get; private set; }

    /// <summary>Reads the client's Hello; returns the revision it announced.</summary>
    public async Task<int> ReadHelloAsync()
    {
        await ExpectPacketAsync(ClientPacketType.Hello);
        await Reader.ReadStringAsync(); // client name
        await Reader.ReadVarUIntAsync(); // major
        await Reader.ReadVarUIntAsync(); // minor
        ClientRevision = checked((int)await Reader.ReadVarUIntAsync());
        await SkipStringsAsync(3); // database, user, password
        return ClientRevision;
    }

    /// <summary>Answers the client's Hello as a server of <paramref name="serverRevision"/> and the given version.</summary>
    public Task SendHelloAsync(int serverRevision = ProtocolRevision.Oldest, string version = "18.16.1", string timezone = "UTC")
    {
        Revision = Math.Min(serverRevision, ClientRevision);
        return SendAsync(HelloBytes(serverRevision, ClientRevision, version, timezone));
    }

    /// <summary>
    /// Reads the client's Hello, answers it as a server of <paramref name="serverRevision"/> and reads the addendum
    /// the client sends from revision 54458; returns the revision both sides now speak.
    /// </summary>
    public async Task<int> HandshakeAsync(int serverRevision = ProtocolRevision.Oldest, string version = "18.16.1")
    {
        await ReadHelloAsync();
        await SendHelloAsync(serverRevision, version);
        if (Revision >= ProtocolRevision.WithAddendum)
        {
            await Reader.ReadStringAsync(); // quota key
        }

        return Revision;
    }

    /// <summary>
    /// Reads a Query packet at <paramref name="revision"/> (default: the handshake's) and the empty external-tables
    /// block that follows it, compressed or not as the query says; returns the SQL.
    /// </summary>
    public async Task<string> ReadQueryAsync(int? revision = null)
    {
        await ExpectPacketAsync(ClientPacketType.Query);
        return await ReadQueryBodyAsync(revision);
    }

    /// <summary>
    /// <see cref="ReadQueryAsync"/> after the packet type was read (by a script that also answers other packets).
    /// </summary>
    public async Task<string> ReadQueryBodyAsync(int? revision = null)
    {
        var at = revision ?? Revision;
        TraceContextField = null;
        await Reader.ReadStringAsync(); // query id
        if (at >= ProtocolRevision.WithClientInfo)
        {
            await SkipClientInfoAsync(at);
        }

        await SkipSettingsAsync(at);
        if (at >= ProtocolRevision.WithInterserverSecret)
        {
            await Reader.ReadStringAsync();
        }

        await Reader.ReadVarUIntAsync(); // stage
        var compressed = await Reader.ReadVarUIntAsync() != 0;
        var sql = await Reader.ReadStringAsync();
        if (at >= ProtocolRevision.WithParameters)
        {
            await SkipSettingsAsync(at);
        }

        await SkipEmptyDataAsync(compressed);
        return sql;
    }

    /// <summary>
    /// The trace-context field of the last Query packet's client info exactly as received (a single 0 byte when the
    /// client sent none), or null when the revision has no such field (below 54442).
    /// </summary>
    public byte[]? TraceContextField { get; private set; }

    /// <summary>Reads the next packet's type.</summary>
    public async Task<ClientPacketType> ReadPacketTypeAsync() => (ClientPacketType)await Reader.ReadVarUIntAsync();

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes, Stopping);
        await _stream.FlushAsync(Stopping);
    }

    public Task SendAsync(WireBytes bytes) => SendAsync(bytes.ToArray());

    /// <summary>Sends nothing more and discards what the client sends until it hangs up (or the server stops).</summary>
    public async Task WaitForCloseAsync()
    {
        while (!await Reader.IsAtEndAsync())
        {
            await Reader.SkipAsync(Reader.Buffered);
        }
    }

    /// <summary>
    /// Sends a FIN but keeps reading: the client sees the end of the stream once it has read what was sent, while
    /// everything it still writes is accepted (follow with <see cref="WaitForCloseAsync"/>).
    /// </summary>
    public void EndSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Hangs up: with a FIN, or with a TCP RST when <paramref name="reset"/>.</summary>
    public void Close(bool reset = false) => LoopbackListener.Close(_socket, reset);

    /// <summary>
    /// The server Hello packet a server of <paramref name="serverRevision"/> sends a client of
    /// <paramref name="clientRevision"/>: each field its gate allows at the lower of the two. No password rules; nonce 0.
    /// </summary>
    public static byte[] HelloBytes(int serverRevision, int clientRevision, string version = "18.16.1", string timezone = "UTC")
    {
        var parts = Array.ConvertAll(version.Split('.'), part => ulong.Parse(part, CultureInfo.InvariantCulture));
        var at = Math.Min(serverRevision, clientRevision);
        var hello = new WireBytes().Var((ulong)ServerPacketType.Hello).Str("ClickHouse").Var(parts[0]).Var(parts[1]).Var((ulong)serverRevision);
        if (at >= ProtocolRevision.WithServerTimezone)
        {
            hello.Str(timezone);
        }

        if (at >= ProtocolRevision.WithServerDisplayName)
        {
            hello.Str("fake");
        }

        if (at >= ProtocolRevision.WithVersionPatch)
        {
            hello.Var(parts[2]);
        }

        if (at >= ProtocolRevision.WithPasswordComplexityRules)
        {
            hello.Var(0);
        }

        if (at >= ProtocolRevision.WithInterserverSecretV2)
        {
            hello.UInt64(0);
        }

        return hello.ToArray();
    }

    private async Task ExpectPacketAsync(ClientPacketType expected)
    {
        var type = await ReadPacketTypeAsync();
        if (type != expected)
        {
            throw new InvalidDataException($"The fake server expected a {expected} packet and got {type} ({(int)type}).");
        }
    }

    private async Task SkipClientInfoAsync(int at)
    {
        await Reader.ReadByteAsync(); // query kind
        await SkipStringsAsync(3); // initial user, query id, address
        if (at >= ProtocolRevision.WithInitialQueryStartTime)
        {
            await Reader.SkipAsync(8);
        }

        await Reader.ReadByteAsync(); // interface
        await SkipStringsAsync(3); // OS user, host name, client name
        await SkipVarUIntsAsync(3); // major, minor, revision
        if (at >= ProtocolRevision.WithQuotaKeyInClientInfo)
        {
            await Reader.ReadStringAsync();
        }

        if (at >= ProtocolRevision.WithDistributedDepth)
        {
            await Reader.ReadVarUIntAsync();
        }

        if (at >= ProtocolRevision.WithVersionPatch)
        {
            await Reader.ReadVarUIntAsync();
        }

        if (at >= ProtocolRevision.WithOpenTelemetry)
        {
            TraceContextField = await ReadTraceContextFieldAsync();
        }

        if (at >= ProtocolRevision.WithParallelReplicas)
        {
            await SkipVarUIntsAsync(3);
        }
    }

    // Flag 0, or flag 1, trace id (16), span id (8), tracestate (String) and flags (1), returned as sent.
    private async Task<byte[]> ReadTraceContextFieldAsync()
    {
        var field = new WireBytes().Byte(await Reader.ReadByteAsync());
        if (field.ToArray()[0] == 0)
        {
            return field.ToArray();
        }

        var ids = new byte[24];
        await Reader.ReadExactlyAsync(ids);
        return field.Bytes(ids).Str(await Reader.ReadStringAsync()).Byte(await Reader.ReadByteAsync()).ToArray();
    }

    // Settings (and, from 54459, parameters): name, flags, value as strings, ending with an empty name.
    private async Task SkipSettingsAsync(int at)
    {
        while ((await Reader.ReadStringAsync()).Length > 0)
        {
            if (at < ProtocolRevision.WithSettingsSerializedAsStrings)
            {
                throw new NotSupportedException(
                    $"The fake server reads settings only as strings (revision 54429 on); at {at} each has a binary form of its own type.");
            }

            await Reader.ReadVarUIntAsync();
            await Reader.ReadStringAsync();
        }
    }

    // The empty block that ends the external tables: Data, table name "", then BlockInfo, 0 columns, 0 rows - as one
    // compressed frame when the query asked for compression.
    private async Task SkipEmptyDataAsync(bool compressed)
    {
        await ExpectPacketAsync(ClientPacketType.Data);
        await Reader.ReadStringAsync();
        if (compressed)
        {
            await Reader.SkipAsync(16 + 1); // checksum, method
            var withHeader = await Reader.ReadInt32Async(); // counts the 9-byte header: method, both sizes
            await Reader.SkipAsync(withHeader - 5);
            return;
        }

        for (var field = await Reader.ReadVarUIntAsync(); field != 0; field = await Reader.ReadVarUIntAsync())
        {
            await Reader.SkipAsync(field == 1 ? 1 : 4); // is_overflows, bucket_num
        }

        await SkipVarUIntsAsync(2); // columns, rows
    }

    private async Task SkipStringsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Reader.ReadStringAsync();
        }
    }

    private async Task SkipVarUIntsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Reader.ReadVarUIntAsync();
        }
    }
}
