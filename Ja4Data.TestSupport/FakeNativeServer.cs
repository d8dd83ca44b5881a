using System.Net.Sockets;

namespace Ja4Data.TestSupport;

/// <summary>
/// A native-protocol server on a loopback port that plays a script on every connection, for what no live server here
/// produces: modern revisions, sparse columns, malformed and hostile packets, silent or vanishing peers, and a pool's
/// server that can stop answering pings or drop everything. Ready-made scripts are in <see cref="FakeScripts"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = new FakeNativeServer(FakeScripts.Replay(ProtocolRevision.Current, "25.8.3", recordedReply));
/// await using var connection = new ClickHouseConnection(server.Settings());
/// </code>
/// </example>
internal sealed class FakeNativeServer : IAsyncDisposable
{
    private readonly LoopbackListener _listener;

    /// <param name="script">Plays one connection; the server closes it when the script returns.</param>
    /// <param name="address">Where to listen (see <see cref="LoopbackListener"/>); 127.0.0.1 by default.</param>
    public FakeNativeServer(Func<FakeConnection, Task> script, System.Net.IPAddress? address = null)
    {
        _listener = new LoopbackListener((socket, index, stopping) => PlayAsync(script, socket, index, stopping), address);
    }

    public int Port => _listener.Port;

    /// <summary>The address the server listens on.</summary>
    public System.Net.IPAddress Address => _listener.Address;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => _listener.Accepted;

    /// <summary>Connections open right now (server side).</summary>
    public int Open => _listener.Open;

    /// <summary>The script's run on the first connection: completes when it has run, rethrows what failed in it.</summary>
    public Task Conversation => _listener.FirstHandled;

    /// <summary>Settings for this server: uncompressed unless asked, no retries, a 5 s connect timeout.</summary>
    public ClickHouseSettings Settings(ClickHouseCompression compression = ClickHouseCompression.None)
        => EndpointSettings.ForLoopback(Port, compression) with { Host = Address.ToString(), RetryMaxAttempts = 0 };

    /// <summary>Closes every server-side connection, as a server restart does.</summary>
    public void DropAll() => _listener.CloseAll();

    /// <summary>Waits (bounded) until the server side has the given number of open connections.</summary>
    public Task<bool> WaitForOpenAsync(int expected, TimeSpan? timeout = null) => _listener.WaitForOpenAsync(expected, timeout);

    /// <summary>Closes everything; rethrows a script's failure other than its connection ending.</summary>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private static async Task PlayAsync(Func<FakeConnection, Task> script, Socket socket, int index, CancellationToken stopping)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await script(new FakeConnection(socket, stream, index, stopping));
    }
}
