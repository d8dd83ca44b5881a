using System.Text;
using System.Xml.Linq;
using DotNet.Testcontainers.Builders;

namespace Ja4Data.LocalServer;

/// <summary>Starts <c>clickhouse/clickhouse-server</c> through Testcontainers, with the same two users as a local server.</summary>
internal static class ClickHouseContainer
{
    /// <summary>Overrides the image (for example to test another server version).</summary>
    public const string ImageVariable = "CLICKHOUSE_TEST_IMAGE";

    /// <summary>A long-term-support release, pinned so test runs are repeatable.</summary>
    public const string DefaultImage = "clickhouse/clickhouse-server:25.8";

    private const ushort NativePort = 9000;
    private const ushort HttpPort = 8123;

    public static async Task<LocatedServer> StartAsync(string image, CancellationToken cancellationToken)
    {
        var password = TestPassword.Create();
        var usersFile = new XElement(
            "clickhouse",
            new XElement("users", ServerConfigXml.PasswordUserElement(TestPassword.Sha256Hex(password), ["::/0"])));

        var container = new ContainerBuilder(image)
            .WithPortBinding(NativePort, assignRandomHostPort: true)
            .WithPortBinding(HttpPort, assignRandomHostPort: true)
            // Keeps the image's password-less "default" user reachable from the host; recent images restrict it otherwise.
            .WithEnvironment("CLICKHOUSE_SKIP_USER_SETUP", "1")
            .WithResourceMapping(Encoding.UTF8.GetBytes(usersFile.ToString()), "/etc/clickhouse-server/users.d/ja4_test.xml")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(HttpPort).ForPath("/ping")))
            .Build();
        try
        {
            await container.StartAsync(cancellationToken);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        var endpoint = new ClickHouseEndpoint(
            container.Hostname,
            container.GetMappedPublicPort(NativePort),
            "default",
            string.Empty,
            TlsPort: null,
            CaCertificatePath: null,
            container.GetMappedPublicPort(HttpPort));
        var passwordEndpoint = endpoint with { User = ServerConfigXml.PasswordUser, Password = password };
        return new LocatedServer(endpoint, passwordEndpoint, local: null, LocatedServer.TestcontainersSource, container);
    }
}
