using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ja4Data.Tests.Pooling;

/// <summary>
/// The smallest native-protocol server the pool needs, on a loopback port: it answers Hello (as ClickHouse 18.16,
/// revision 54412, so no addendum follows) and Ping with Pong. Tests count its connections, make it stop answering
/// pings, or drop every connection as a restarting server would.
/// </summary>
internal sealed class FakeNativeServer : IAsyncDisposable
{
    private const int ServerRevision = 54412;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    public FakeNativeServer()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections open right now (server side).</summary>
    public int Open => _open.Count;

    /// <summary>When false, pings are read but never answered (a hung server).</summary>
    public bool AnswerPings { get; set; } = true;

    public ClickHouseSettings Settings(int maxSize = 4) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = "default",
        User = "default",
        Compression = ClickHouseCompression.None,
        PoolMaxSize = maxSize,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PoolAcquireTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Closes every server-side connection, as a server restart does.</summary>
    public void DropAll()
    {
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }
    }

    /// <summary>Waits (bounded) until the server side has seen the given number of open connections.</summary>
    public async Task WaitForOpenAsync(int expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (Open != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
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
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            _open.TryAdd(socket, 0);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            if (await ReadVarUIntAsync(stream) != 0)
            {
                return;
            }

            await ReadStringAsync(stream); // client name
            await ReadVarUIntAsync(stream); // major
            await ReadVarUIntAsync(stream); // minor
            await ReadVarUIntAsync(stream); // revision
            await ReadStringAsync(stream); // database
            await ReadStringAsync(stream); // user
            await ReadStringAsync(stream); // password
            await stream.WriteAsync(Hello());
            while (await ReadVarUIntAsync(stream) == 4)
            {
                if (AnswerPings)
                {
                    await stream.WriteAsync(new byte[] { 4 });
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
        }
        finally
        {
            _open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    private static byte[] Hello()
    {
        var bytes = new List<byte>();
        void Var(ulong value)
        {
            do
            {
                var b = (byte)(value & 0x7F);
                value >>= 7;
                bytes.Add(value == 0 ? b : (byte)(b | 0x80));
            }
            while (value != 0);
        }

        void Str(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            Var((ulong)utf8.Length);
            bytes.AddRange(utf8);
        }

        Var(0);
        Str("ClickHouse");
        Var(18);
        Var(16);
        Var(ServerRevision);
        Str("UTC");
        Str("fake");
        Var(1);
        return [.. bytes];
    }

    private static async Task<ulong> ReadVarUIntAsync(Stream stream)
    {
        ulong value = 0;
        var buffer = new byte[1];
        for (var shift = 0; shift < 64; shift += 7)
        {
            await stream.ReadExactlyAsync(buffer);
            value |= (ulong)(buffer[0] & 0x7F) << shift;
            if ((buffer[0] & 0x80) == 0)
            {
                return value;
            }
        }

        throw new IOException("varint too long");
    }

    private static async Task<string> ReadStringAsync(Stream stream)
    {
        var length = (int)await ReadVarUIntAsync(stream);
        var bytes = new byte[length];
        await stream.ReadExactlyAsync(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
