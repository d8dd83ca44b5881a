using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// An in-process TCP proxy on a loopback port in front of a test server, which breaks connections on request:
/// reset, truncate, delay or black-hole them at a chosen byte in either direction (reliability.md §5 FaultProxy).
/// Faults attach to the next new connections (a handshake fault) or to the open ones from now on (mid-result,
/// mid-insert on a pooled connection).
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<FaultProxyConnection, byte> _connections = new();
    private readonly ConcurrentQueue<FaultProxyFault> _forNewConnections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _fired;

    public FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Faults that fired so far.</summary>
    public int Fired => Volatile.Read(ref _fired);

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
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                // The server is down: the client must see what it would see without us, a failed connection.
                FaultProxyConnection.Reset(client);
                server.Dispose();
                continue;
            }

            var connection = new FaultProxyConnection(client, server, () => Interlocked.Increment(ref _fired));
            if (_forNewConnections.TryDequeue(out var fault))
            {
                connection.Arm(fault);
            }

            _connections.TryAdd(connection, 0);
            _ = connection.RunAsync().ContinueWith(_ => _connections.TryRemove(connection, out var _), TaskScheduler.Default);
        }
    }
}
