using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests;

/// <summary>Settings that point Ja4Data at a test server endpoint.</summary>
internal static class TestSettings
{
    public static ClickHouseSettings For(ClickHouseEndpoint endpoint, ClickHouseCompression compression = ClickHouseCompression.Lz4) => new()
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        User = endpoint.User,
        Password = endpoint.Password,
        Database = "default",
        Compression = compression,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CommandTimeout = TimeSpan.FromSeconds(60),
        PoolAcquireTimeout = TimeSpan.FromSeconds(30),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>The shared server with the given compression.</summary>
    public static ClickHouseSettings Shared(ClickHouseCompression compression = ClickHouseCompression.Lz4) => For(TestServer.Endpoint, compression);

    public static async Task<ClickHouseConnection> OpenAsync(ClickHouseSettings? settings = null)
    {
        var connection = new ClickHouseConnection(settings ?? Shared());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A table name unique to one test, so tests can run in any order against the shared server.</summary>
    public static string UniqueTable(string prefix) => $"{prefix}_{Guid.NewGuid():N}";
}
