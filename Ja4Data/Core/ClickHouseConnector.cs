using System.Diagnostics;
using System.Net.Sockets;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Compression;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Core;

/// <summary>
/// One physical native-protocol connection: socket, buffers, negotiated revision and state. Not thread-safe: it runs
/// one statement at a time (ClickHouse has no pipelining). The pool owns connectors; ADO.NET connections lease them.
/// </summary>
internal sealed partial class ClickHouseConnector : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly StreamProtocolReader _reader;
    private readonly ProtocolWriter _writer = new();
    private readonly CompressionMethod _compression;
    private ProtocolWriter? _blockBuffer;
    private CompressedProtocolReader? _decompressor;

    private ClickHouseConnector(ClickHouseSettings settings, Socket socket, Stream stream, ClientIdentity client)
    {
        Settings = settings;
        _socket = socket;
        _stream = stream;
        _reader = new StreamProtocolReader(stream) { MaxBlockBytes = settings.MaxBlockBytes };
        Client = client;
        RemoteAddress = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address;
        _compression = settings.Compression switch
        {
            ClickHouseCompression.Lz4 => CompressionMethod.Lz4,
            ClickHouseCompression.Zstd => CompressionMethod.Zstd,
            _ => CompressionMethod.None,
        };
        CreatedAt = LastUsedAt = Stopwatch.GetTimestamp();
    }

    public ClickHouseSettings Settings { get; }

    public ClientIdentity Client { get; }

    /// <summary>The server's address this connection reached (after DNS), or null if the socket could not tell.</summary>
    public System.Net.IPAddress? RemoteAddress { get; }

    /// <summary>
    /// True when the handshake sent a password unencrypted to an address outside this machine's loopback: anyone on
    /// the path can read it (<see cref="PasswordTravelsInPlainText"/>).
    /// </summary>
    public bool SentPasswordInPlainText => PasswordTravelsInPlainText(Settings, RemoteAddress);

    public ConnectorState State { get; private set; } = ConnectorState.Connecting;

    public ServerHello Server { get; private set; } = null!;

    /// <summary>min(client, server) revision; every gated field uses it.</summary>
    public int Revision { get; private set; }

    public long CreatedAt { get; }

    public long LastUsedAt { get; private set; }

    /// <summary>The server-side timezone, used for DateTime columns without an explicit one.</summary>
    public string ServerTimezone { get; private set; } = "UTC";

    /// <summary>The pool's slot that carries this connector (and the pool's bookkeeping for it); null when not pooled.</summary>
    public Pooling.ConnectorSlot? PoolSlot { get; set; }

    public bool IsCompressed => _compression != CompressionMethod.None;

    public bool IsBroken => State is ConnectorState.Broken or ConnectorState.Closed;

    /// <summary>The failure that broke the connector, for diagnostics.</summary>
    public Exception? BreakReason { get; private set; }

    /// <summary>
    /// The pool's check before it hands out an idle connector, without a round trip: Ready, no statement, nothing
    /// buffered, and nothing readable on the socket. An idle connection only becomes readable when the server closed
    /// it (restart, idle timeout: EOF or RST) or sent bytes nobody asked for; either way the next statement would
    /// fail or read someone else's data, so the connector must not be reused.
    /// </summary>
    public bool IsIdleHealthy()
    {
        if (State != ConnectorState.Ready || _query is not null || _reader.BufferedCount > 0)
        {
            return false;
        }

        try
        {
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks the connector unusable and closes the socket. Called for every I/O, protocol or timeout failure:
    /// after one, the position in the byte stream is unknown and the only recovery is a new connection.
    /// </summary>
    public void Break(Exception? reason)
    {
        if (State == ConnectorState.Closed)
        {
            return;
        }

        BreakReason ??= reason;
        State = ConnectorState.Broken;
        try
        {
            _socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        if (State == ConnectorState.Closed)
        {
            return;
        }

        Break(null);
        State = ConnectorState.Closed;
        _stream.Dispose();
        _reader.Dispose();
        _writer.Dispose();
        _blockBuffer?.Dispose();
        _decompressor?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private void MarkUsed() => LastUsedAt = Stopwatch.GetTimestamp();

    private string Endpoint => $"{Settings.Host}:{Settings.Port}";

    /// <summary>
    /// Turns an I/O failure into the provider's connection error and breaks the connector. <paramref name="requestSent"/>
    /// decides the outcome: if no byte of the statement left the client, it certainly did not run. When an insert wait
    /// (<see cref="BoundInsertWait"/>) ended the connection, the failure says so: a timeout, or the caller's cancellation.
    /// </summary>
    private Exception ConnectionLost(Exception ex, bool requestSent)
    {
        Break(ex);
        var outcome = requestSent ? ClickHouseOutcome.Unknown : ClickHouseOutcome.NotExecuted;
        return BreakReason switch
        {
            InsertWaitExpiredException expired => new ClickHouseConnectionException(expired.Message, outcome, expired),
            InsertWaitCancelledException cancelled => new OperationCanceledException(cancelled.Message, ex, cancelled.CancellationToken),
            _ => new ClickHouseConnectionException($"The connection to ClickHouse at {Endpoint} was lost: {ex.Message}", outcome, ex),
        };
    }

    private static bool IsIoFailure(Exception ex) => ex is IOException or SocketException or ObjectDisposedException;
}
