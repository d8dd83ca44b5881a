using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ja4Data.LocalServer;

/// <summary>
/// Decides when a freshly started server can take work: HTTP <c>/ping</c> answers <c>Ok.</c> and the native port
/// accepts connections. Polls often because a server on an empty directory is up in well under a second.
/// </summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    // Loopback only, so never a proxy; a new connection per ping so a restarted server is not asked on a dead one.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectTimeout = AttemptTimeout,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Returns once the server is ready. Throws <see cref="InvalidOperationException"/> with the log tail if the process
    /// exits first, and <see cref="TimeoutException"/> (also with the log tail) after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitUntilReadyAsync(
        ServerProcess process,
        ServerPorts ports,
        ServerLayout layout,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"clickhouse-server (pid {process.Id}) exited with code {process.ExitCode} before it was ready."
                    + $"{Environment.NewLine}{layout.ReadLogTail()}");
            }

            var remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"clickhouse-server (pid {process.Id}) was not ready within {timeout.TotalSeconds:0.#} s "
                    + $"(http {ports.Http}, tcp {ports.Tcp}).{Environment.NewLine}{layout.ReadLogTail()}");
            }

            if (await IsReadyAsync(ports, Min(remaining, AttemptTimeout), cancellationToken))
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Whether <c>GET /ping</c> on <paramref name="httpPort"/> answers <c>Ok.</c> within <paramref name="timeout"/>.</summary>
    public static async Task<bool> PingAsync(int httpPort, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{httpPort}/ping"));
            request.Headers.ConnectionClose = true;
            using var response = await Http.SendAsync(request, timeoutSource.Token);
            var body = await response.Content.ReadAsStringAsync(timeoutSource.Token);
            return response.IsSuccessStatusCode && body.Trim() == "Ok.";
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> IsReadyAsync(ServerPorts ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The server binds every listener before it serves any, and exits if one fails (a bad certificate included),
        // so after /ping the native port only needs a connect. The TLS port is not probed: a connect without a
        // handshake makes the server log an SSL error with a stack trace, and a handshake costs more than it proves.
        return await PingAsync(ports.Http, timeout, cancellationToken)
            && await AcceptsAsync(ports.Tcp, timeout, cancellationToken);
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
