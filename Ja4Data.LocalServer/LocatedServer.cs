namespace Ja4Data.LocalServer;

/// <summary>
/// A server found or started by <see cref="ClickHouseServerLocator"/>. Disposing it stops what the locator started
/// (a container or a local process) and leaves a server from the environment alone.
/// </summary>
public sealed class LocatedServer : IAsyncDisposable
{
    /// <summary><see cref="Source"/> of a server named by <c>CLICKHOUSE_TEST_HOST</c>/<c>CLICKHOUSE_TEST_PORT</c>.</summary>
    public const string EnvironmentSource = "environment";

    /// <summary><see cref="Source"/> of a container started through Testcontainers.</summary>
    public const string TestcontainersSource = "testcontainers";

    /// <summary><see cref="Source"/> of a <see cref="LocalClickHouseServer"/>.</summary>
    public const string LocalProcessSource = "local process";

    private readonly IAsyncDisposable? _owned;

    internal LocatedServer(
        ClickHouseEndpoint endpoint,
        ClickHouseEndpoint? passwordEndpoint,
        LocalClickHouseServer? local,
        string source,
        IAsyncDisposable? owned)
    {
        Endpoint = endpoint;
        PasswordEndpoint = passwordEndpoint;
        Local = local;
        Source = source;
        _owned = owned;
    }

    /// <summary>The endpoint to use: user <c>default</c> for servers the locator started, the configured user otherwise.</summary>
    public ClickHouseEndpoint Endpoint { get; }

    /// <summary>User <c>ja4_test</c> with a generated password; <see langword="null"/> for a server from the environment.</summary>
    public ClickHouseEndpoint? PasswordEndpoint { get; }

    /// <summary>The local process, when the locator started one; <see langword="null"/> otherwise.</summary>
    public LocalClickHouseServer? Local { get; }

    /// <summary>Where the server came from: <see cref="EnvironmentSource"/>, <see cref="TestcontainersSource"/> or <see cref="LocalProcessSource"/>.</summary>
    public string Source { get; }

    /// <summary>Stops and removes the server if the locator started it.</summary>
    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Source and endpoint; never a password.</summary>
    public override string ToString() => $"{Source}: {Endpoint}";
}
