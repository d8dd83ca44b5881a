using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace Ja4Data.TestSupport;

/// <summary>
/// A TCP listener on a free loopback port that hands each accepted socket to a handler and owns the socket: it is
/// closed when the handler returns, on <see cref="CloseAll"/> and on dispose. The one accept loop behind
/// <see cref="FakeNativeServer"/> and <see cref="FaultProxy"/>.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ConcurrentQueue<Task> _handlers = new();
    private readonly TaskCompletionSource<Task> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Socket, int, CancellationToken, Task> _serve;
    private readonly Task _acceptLoop;
    private int _accepted;

    /// <param name="serve">
    /// Serves one connection: the accepted socket, its 0-based number in accept order, and a token cancelled on dispose.
    /// </param>
    /// <param name="address">
    /// Where to listen: 127.0.0.1 by default; another loopback address (127.0.0.2), or an address of one of this
    /// machine's own interfaces for a test of what a client does towards a non-loopback address (such a connection
    /// never leaves the machine).
    /// </param>
    public LoopbackListener(Func<Socket, int, CancellationToken, Task> serve, IPAddress? address = null)
    {
        _serve = serve;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The address the listener is bound to.</summary>
    public IPAddress Address => ((IPEndPoint)_listener.LocalEndpoint).Address;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Accepted connections not closed yet (on this side).</summary>
    public int Open => _open.Count;

    /// <summary>
    /// The handler's run on the first connection: completes when it returns, fails with what it threw (pending until a
    /// client connects).
    /// </summary>
    public Task FirstHandled => _first.Task.Unwrap();

    /// <summary>Closes every open connection: with a FIN, or with a TCP RST when <paramref name="reset"/>.</summary>
    public void CloseAll(bool reset = false)
    {
        foreach (var socket in _open.Keys)
        {
            Close(socket, reset);
        }
    }

    /// <summary>Closes <paramref name="socket"/>; with <paramref name="reset"/>, SO_LINGER 0 makes the peer get a RST.</summary>
    public static void Close(Socket socket, bool reset)
    {
        if (reset)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed: nothing left to reset.
            }
        }

        socket.Dispose();
    }

    /// <summary>Waits (bounded) until <see cref="Open"/> is <paramref name="expected"/>.</summary>
    public Task<bool> WaitForOpenAsync(int expected, TimeSpan? timeout = null) => Eventually.TrueAsync(() => Open == expected, timeout);

    /// <summary>
    /// Stops accepting, closes every connection and waits (bounded) for the handlers. A handler's failure other than
    /// the connection ending under it is rethrown here, so a script's broken expectation fails the test that owns it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CloseAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (IsTeardown(ex))
        {
        }

        // A handler still running after the wait ignores both the closed socket and the token; its test is over.
        await Task.WhenAny(Task.WhenAll(_handlers), Task.Delay(DisposeWait));
        _stop.Dispose();
        var failure = _handlers.Where(h => h.IsFaulted).SelectMany(h => h.Exception!.InnerExceptions).FirstOrDefault(ex => !IsTeardown(ex));
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>What a connection's end looks like to code reading or writing it: not a failure of that code.</summary>
    public static bool IsTeardown(Exception ex)
        => ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or TimeoutException;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            var index = Interlocked.Increment(ref _accepted) - 1;
            _open.TryAdd(socket, 0);
            var handler = Task.Run(() => HandleAsync(socket, index));
            _handlers.Enqueue(handler);
            if (index == 0)
            {
                _first.TrySetResult(handler);
            }
        }
    }

    private async Task HandleAsync(Socket socket, int index)
    {
        try
        {
            await _serve(socket, index, _stop.Token);
        }
        finally
        {
            _open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }
}
