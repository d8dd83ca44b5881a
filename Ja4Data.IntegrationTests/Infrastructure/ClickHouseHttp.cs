using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests;

/// <summary>
/// Talks to a server over its HTTP interface, independently of the Ja4Data client: for checking what a test left on
/// the server (for example the rows that really arrived after a fault) without trusting the code under test.
/// </summary>
internal static class ClickHouseHttp
{
    public const string PingOk = "Ok.";
    public const string PingTimedOut = "timed out";
    public const string PingRefused = "refused";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    // Loopback only, so never a proxy; no pooled connections, so a restarted server is never asked on a dead one.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Runs <paramref name="sql"/> as the endpoint's user and returns the body (TabSeparated by default).</summary>
    /// <exception cref="InvalidOperationException">The server answered with an error (status and message included).</exception>
    public static async Task<string> QueryAsync(ClickHouseEndpoint endpoint, string sql, CancellationToken cancellationToken = default)
    {
        var httpPort = endpoint.HttpPort ?? throw new InvalidOperationException($"{endpoint} has no HTTP port.");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(QueryTimeout);
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri($"http://{endpoint.Host}:{httpPort}/?query={Uri.EscapeDataString(sql)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.User}:{endpoint.Password}")));
        using var response = await Http.SendAsync(request, timeoutSource.Token);
        var body = await response.Content.ReadAsStringAsync(timeoutSource.Token);
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"HTTP {(int)response.StatusCode} for '{sql}': {body}");
    }

    /// <summary><c>GET /ping</c>: the trimmed body (<see cref="PingOk"/>), <see cref="PingTimedOut"/> or <see cref="PingRefused"/>.</summary>
    public static async Task<string> PingAsync(string host, int httpPort, TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://{host}:{httpPort}/ping"), timeoutSource.Token);
            return (await response.Content.ReadAsStringAsync(timeoutSource.Token)).Trim();
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            return PingTimedOut;
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return PingRefused;
        }
    }
}
