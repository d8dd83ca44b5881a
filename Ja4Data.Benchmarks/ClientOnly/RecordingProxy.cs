using System.Net;
using System.Net.Sockets;
using Ja4Data.TestSupport;

namespace Ja4Data.Benchmarks.ClientOnly;

/// <summary>
/// A loopback proxy between one client and a real server that keeps what the server sends, cut into turns: a turn is
/// everything the server sent after the client last spoke (the Hello, a result, an INSERT's header, its end). Only
/// the server's bytes are kept; what the client sends is forwarded and forgotten.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly int _targetPort;
    private readonly LoopbackListener _listener;
    private readonly Lock _gate = new();
    private readonly List<MemoryStream> _turns = [];
    private bool _clientSpoke = true;

    /// <param name="targetPort">The real server's native port on 127.0.0.1.</param>
    public RecordingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new LoopbackListener((client, _, stopping) => ProxyAsync(client, stopping));
    }

    public int Port => _listener.Port;

    /// <summary>The server's turns so far, oldest first, over all connections (record one connection at a time).</summary>
    public IReadOnlyList<byte[]> Turns
    {
        get
        {
            lock (_gate)
            {
                return [.. _turns.Select(t => t.ToArray())];
            }
        }
    }

    /// <summary>Forgets the turns recorded so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _turns.Clear();
            _clientSpoke = true;
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ProxyAsync(Socket client, CancellationToken stopping)
    {
        client.NoDelay = true;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await server.ConnectAsync(IPAddress.Loopback, _targetPort, stopping);
        var fromClient = PumpAsync(client, server, record: false, stopping);
        var fromServer = PumpAsync(server, client, record: true, stopping);
        await Task.WhenAny(fromClient, fromServer);
        server.Shutdown(SocketShutdown.Both);
        client.Shutdown(SocketShutdown.Both);
        await Task.WhenAll(fromClient, fromServer).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task PumpAsync(Socket from, Socket to, bool record, CancellationToken stopping)
    {
        var buffer = new byte[BufferSize];
        try
        {
            for (int read; (read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping)) > 0;)
            {
                lock (_gate)
                {
                    if (!record)
                    {
                        _clientSpoke = true;
                    }
                    else
                    {
                        if (_clientSpoke)
                        {
                            _turns.Add(new MemoryStream());
                            _clientSpoke = false;
                        }

                        _turns[^1].Write(buffer, 0, read);
                    }
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side hung up or the proxy stops: the conversation is over either way.
        }
    }
}
