using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests;

/// <summary>
/// Finds or starts the shared server once for every test in <c>Ja4Data.IntegrationTests</c>. When no server can be
/// had, set-up fails with the locator's instructions, which fails every test: an integration run without a server must
/// not pass by skipping.
/// </summary>
[SetUpFixture]
public sealed class TestServerSetUp
{
    private LocatedServer? _server;

    [OneTimeSetUp]
    public async Task StartSharedServerAsync()
    {
        _server = await ClickHouseServerLocator.FindOrStartAsync();
        TestServer.Attach(_server);
        await TestContext.Progress.WriteLineAsync($"Integration tests use ClickHouse from {_server}");
    }

    [OneTimeTearDown]
    public async Task StopSharedServerAsync()
    {
        TestServer.Attach(null);
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
