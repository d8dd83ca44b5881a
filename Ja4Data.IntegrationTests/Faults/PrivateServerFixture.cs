using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// Base of the fault tests: a server of the fixture's own (never the shared one), left running and unpaused after
/// every test whatever the test did to it, plus settings with short timeouts and fast retries so the suite stays short.
/// </summary>
public abstract class PrivateServerFixture
{
    private protected LocalClickHouseServer Server { get; private set; } = null!;

    private protected virtual bool EnableTls => false;

    [OneTimeSetUp]
    public async Task StartPrivateServerAsync()
        => Server = await TestServer.StartPrivateAsync(new LocalServerOptions { EnableTls = EnableTls });

    [OneTimeTearDown]
    public async Task DisposePrivateServerAsync() => await Server.DisposeAsync();

    [TearDown]
    public async Task LeaveTheServerRunningAsync()
    {
        try
        {
            Server.Resume();
        }
        catch (InvalidOperationException)
        {
            await Server.RestartAsync();
        }
    }

    /// <summary>
    /// Settings for the private server (or a proxy in front of it at <paramref name="port"/>): uncompressed, so byte
    /// offsets in fault plans mean what they say; no ping on lease, so a fault planted on a pooled connection is not
    /// absorbed by a ping; fast retries.
    /// </summary>
    private protected ClickHouseSettings Settings(int? port = null) => EndpointSettings.For(Server.Endpoint, ClickHouseCompression.None) with
    {
        Port = port ?? Server.TcpPort,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = TimeSpan.FromSeconds(15),
        PoolValidateAfterIdle = TimeSpan.FromHours(1),
        RetryMaxAttempts = 6,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        RetryTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Runs SQL over HTTP, independent of the client under test.</summary>
    private protected Task<string> HttpAsync(string sql) => ClickHouseHttp.QueryAsync(Server.Endpoint, sql);

    private protected async Task<long> CountAsync(string table, string where = "1")
        => long.Parse((await HttpAsync($"SELECT count() FROM {table} WHERE {where}")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Server-side open native connections (system.metrics TCPConnection; HTTP ones are counted apart).</summary>
    private protected async Task<int> ServerTcpConnectionsAsync()
        => int.Parse((await HttpAsync("SELECT value FROM system.metrics WHERE metric = 'TCPConnection'")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
