using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ja4Data.TestSupport;

/// <summary>
/// An in-process TCP proxy on a loopback port in front of a test server, which breaks connections on request:
/// reset, truncate, delay or black-hole them at a chosen byte in either direction. Faults attach to the next new
/// connections (a handshake fault) or to the open ones from now on (mid-result, mid-insert on a pooled connection).
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<FaultProxyConnection, byte> _connections = new();
    private readonly ConcurrentQueue<FaultProxyFault> _forNewConnections = new();
    private readonly LoopbackListener _listener;
    private int _fired;

    /// <param name="targetPort">The server's port on 127.0.0.1.</param>
    /// <param name="address">Where the proxy listens: 127.0.0.1 by default, or another loopback address such as 127.0.0.2.</param>
    public FaultProxy(int targetPort, IPAddress? address = null)
    {
        _targetPort = targetPort;
        _listener = new LoopbackListener((client, _, stopping) => ProxyAsync(client, stopping), address);
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port => _listener.Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => _listener.Accepted;

    /// <summary>Faults that fired so far.</summary>
    public int Fired => Volatile.Read(ref _fired);

    /// <summary>
    /// Where connections opened from now on copy the bytes the server sends, each chunk before the client can see it
    /// (so a recording of what a client received is complete when the client's call returns); null: none.
    /// </summary>
    public Stream? ServerBytes { get; set; }

    /// <summary>Each of the next <paramref name="count"/> new connections gets <paramref name="fault"/>.</summary>
    public void FailNextConnections(FaultProxyFault fault, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _forNewConnections.Enqueue(fault);
        }
    }

    /// <summary>Every connection open now gets <paramref name="fault"/>, its bytes counted from now.</summary>
    /// <returns>How many connections were armed.</returns>
    public int FailOpenConnections(FaultProxyFault fault)
    {
        var armed = 0;
        foreach (var connection in _connections.Keys)
        {
            connection.Arm(fault);
            armed++;
        }

        return armed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }

        await _listener.DisposeAsync();
    }

    private async Task ProxyAsync(Socket client, CancellationToken stopping)
    {
        client.NoDelay = true;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, stopping);
        }
        catch (SocketException)
        {
            // The server is down: the client must see what it would see without us, a failed connection.
            LoopbackListener.Close(client, reset: true);
            return;
        }

        var connection = new FaultProxyConnection(client, server, () => Interlocked.Increment(ref _fired), ServerBytes);
        if (_forNewConnections.TryDequeue(out var fault))
        {
            connection.Arm(fault);
        }

        _connections.TryAdd(connection, 0);
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }
}
