using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ja4Data.LocalServer;

/// <summary>One readiness attempt: whether the server can take work, decided within <c>timeout</c>.</summary>
internal delegate Task<bool> ReadinessCheck(TimeSpan timeout, CancellationToken cancellationToken);

/// <summary>
/// Decides when a freshly started server can take work, by polling a readiness check until it holds, the process
/// exits, or time runs out. Polls often because a server on an empty directory is up in well under a second.
/// </summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private const int MaxReplyBytes = 64 * 1024;

    // srvr and ruok answer in a few hundred bytes; a longer reply is cut, which a readiness check can live with.
    private const int FourLetterReplyBytes = 4 * 1024;

    // Loopback only, so never a proxy; a new connection per request so a restarted server is not asked on a dead one.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectTimeout = AttemptTimeout,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxReplyBytes,
    };

    /// <summary>
    /// Returns once <paramref name="isReady"/> holds. Throws <see cref="InvalidOperationException"/> with the log tail if
    /// the process exits first, and <see cref="TimeoutException"/> (also with the log tail) after
    /// <paramref name="timeout"/>. <paramref name="listening"/> names the ports for the message.
    /// </summary>
    public static async Task WaitUntilReadyAsync(
        ServerProcess process,
        ServerLayout layout,
        string listening,
        ReadinessCheck isReady,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{process.Name} (pid {process.Id}) exited with code {process.ExitCode} before it was ready."
                    + $"{Environment.NewLine}{layout.ReadLogTail()}");
            }

            var remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"{process.Name} (pid {process.Id}) was not ready within {timeout.TotalSeconds:0.#} s "
                    + $"({listening}).{Environment.NewLine}{layout.ReadLogTail()}");
            }

            if (await isReady(Min(remaining, AttemptTimeout), cancellationToken))
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// A clickhouse-server is ready when <c>/ping</c> answers and the native port accepts. The server binds every
    /// listener before it serves any, and exits if one fails (a bad certificate included), so after <c>/ping</c> the
    /// native port only needs a connect. The TLS port is not probed: a connect without a handshake makes the server log
    /// an SSL error with a stack trace, and a handshake costs more than it proves.
    /// </summary>
    public static ReadinessCheck ClickHouse(ServerPorts ports) =>
        async (timeout, cancellationToken) =>
            await PingAsync(ports.Http, timeout, cancellationToken)
            && await AcceptsAsync(ports.Tcp, timeout, cancellationToken);

    /// <summary>
    /// Runs <paramref name="sql"/> over HTTP as user <c>default</c>; the trimmed result, or <see langword="null"/> when
    /// the server did not answer with success within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string?> QueryAsync(int httpPort, string sql, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await GetAsync(httpPort, "/?query=" + Uri.EscapeDataString(sql), timeout, cancellationToken))?.Trim();

    /// <summary>
    /// Sends a ZooKeeper four-letter command (<c>srvr</c>, <c>ruok</c>, ...) and returns the whole reply (the server
    /// closes the connection after it), or <see langword="null"/> when it did not answer within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string?> FourLetterWordAsync(int port, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeoutSource.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(command), SocketFlags.None, timeoutSource.Token);
            var reply = new byte[FourLetterReplyBytes];
            var length = 0;
            int read;
            while (length < reply.Length
                   && (read = await socket.ReceiveAsync(reply.AsMemory(length), SocketFlags.None, timeoutSource.Token)) > 0)
            {
                length += read;
            }

            return Encoding.ASCII.GetString(reply, 0, length);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Whether <c>GET /ping</c> on <paramref name="httpPort"/> answers <c>Ok.</c> within <paramref name="timeout"/>.</summary>
    public static async Task<bool> PingAsync(int httpPort, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await GetAsync(httpPort, "/ping", timeout, cancellationToken))?.Trim() == "Ok.";

    /// <summary>The body of a successful <c>GET</c>, or <see langword="null"/> for an error status, a refused connection or a timeout.</summary>
    private static async Task<string?> GetAsync(int httpPort, string pathAndQuery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{httpPort}{pathAndQuery}"));
            request.Headers.ConnectionClose = true;
            using var response = await Http.SendAsync(request, timeoutSource.Token);
            var body = await response.Content.ReadAsStringAsync(timeoutSource.Token);
            return response.IsSuccessStatusCode ? body : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<bool> AcceptsAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeoutSource.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
