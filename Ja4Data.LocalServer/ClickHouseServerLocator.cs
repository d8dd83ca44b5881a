namespace Ja4Data.LocalServer;

/// <summary>Finds a ClickHouse server for tests, or starts one.</summary>
public static class ClickHouseServerLocator
{
    /// <summary>Set to <c>1</c> to skip the Docker step even when an engine answers (a local process starts faster).</summary>
    public const string NoDockerVariable = "CLICKHOUSE_TEST_NO_DOCKER";

    private const string HowToGetAServer =
        "No ClickHouse server is available for the tests. Do one of these:"
        + "\n  1. install one: 'apt-get install -y clickhouse-server clickhouse-client' (as root; or run scripts/install-deps.sh);"
        + "\n  2. point the tests at a running server: set CLICKHOUSE_TEST_HOST and CLICKHOUSE_TEST_PORT"
        + " (and CLICKHOUSE_TEST_USER / CLICKHOUSE_TEST_PASSWORD if it needs a login);"
        + "\n  3. start a Docker engine (DOCKER_HOST or /var/run/docker.sock) so that Testcontainers can run clickhouse/clickhouse-server.";

    /// <summary>
    /// Returns, in this order: the server named by <c>CLICKHOUSE_TEST_HOST</c> / <c>CLICKHOUSE_TEST_PORT</c> (with
    /// <c>CLICKHOUSE_TEST_USER</c>, <c>CLICKHOUSE_TEST_PASSWORD</c>, <c>CLICKHOUSE_TEST_HTTP_PORT</c>,
    /// <c>CLICKHOUSE_TEST_TLS_PORT</c>, <c>CLICKHOUSE_TEST_CA_CERTIFICATE</c>); a Testcontainers container of
    /// <c>clickhouse/clickhouse-server</c> (image overridable with <c>CLICKHOUSE_TEST_IMAGE</c>) if a Docker engine
    /// answers; a <see cref="LocalClickHouseServer"/> if a <c>clickhouse-server</c> binary is installed.
    /// </summary>
    /// <exception cref="InvalidOperationException">None of these is possible; the message says how to get a server.</exception>
    public static async Task<LocatedServer> FindOrStartAsync(CancellationToken cancellationToken = default)
    {
        if (EnvironmentServer.Read(Environment.GetEnvironmentVariable) is { } fromEnvironment)
        {
            return new LocatedServer(fromEnvironment, null, null, LocatedServer.EnvironmentSource, owned: null);
        }

        if (Environment.GetEnvironmentVariable(NoDockerVariable) != "1"
            && await DockerEngineProbe.IsAvailableAsync(cancellationToken))
        {
            var image = Environment.GetEnvironmentVariable(ClickHouseContainer.ImageVariable);
            return await ClickHouseContainer.StartAsync(
                string.IsNullOrWhiteSpace(image) ? ClickHouseContainer.DefaultImage : image, cancellationToken);
        }

        if (OperatingSystem.IsLinux() && ServerBinary.FindOnSystem() is not null)
        {
            var local = await LocalClickHouseServer.StartAsync(cancellationToken: cancellationToken);
            return new LocatedServer(local.Endpoint, local.PasswordEndpoint, local, LocatedServer.LocalProcessSource, local);
        }

        throw new InvalidOperationException(HowToGetAServer);
    }
}
