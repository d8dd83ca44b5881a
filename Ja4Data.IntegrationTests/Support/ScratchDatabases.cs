namespace Ja4Data.IntegrationTests;

/// <summary>
/// Database names of one test's own for the ja4 schema (<see cref="Logs"/>, <see cref="Processing"/>) and for scratch
/// tables (<see cref="Bench"/>), so tests that deploy the schema on the shared server never meet each other or the
/// default databases. <see cref="DropAsync"/> removes them over HTTP, independently of the client under test.
/// </summary>
internal sealed record ScratchDatabases(string Logs, string Processing, string Bench)
{
    /// <summary>Fresh names: <paramref name="prefix"/>, the role and a random suffix.</summary>
    public static ScratchDatabases Create(string prefix)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new($"{prefix}_logs_{suffix}", $"{prefix}_proc_{suffix}", $"{prefix}_bench_{suffix}");
    }

    /// <summary><paramref name="settings"/> with the schema's databases renamed to these.</summary>
    public ClickHouseSettings Apply(ClickHouseSettings settings) => settings with { DbLogs = Logs, DbProcessing = Processing };

    /// <summary>Drops the databases that exist, processing first: its views read from the logs database.</summary>
    public async Task DropAsync()
    {
        foreach (var database in new[] { Processing, Logs, Bench })
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP DATABASE IF EXISTS {database}");
        }
    }
}
