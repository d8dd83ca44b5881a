namespace Ja4Data.IntegrationTests;

/// <summary>Settings and connections for the shared test server.</summary>
internal static class TestSettings
{
    /// <summary>The shared server with the given compression.</summary>
    public static ClickHouseSettings Shared(ClickHouseCompression compression = ClickHouseCompression.Lz4) => EndpointSettings.For(TestServer.Endpoint, compression);

    public static async Task<ClickHouseConnection> OpenAsync(ClickHouseSettings? settings = null)
    {
        var connection = new ClickHouseConnection(settings ?? Shared());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A table name unique to one test, so tests can run in any order against the shared server.</summary>
    public static string UniqueTable(string prefix) => $"{prefix}_{Guid.NewGuid():N}";
}
