using Ja4Data.Cli.Ingest;

namespace Ja4Data.Cli.Bench;

/// <summary>The benchmark's scratch tables, all shaped like http_logs, in a database of their own.</summary>
internal sealed class BenchTables(string database)
{
    public string Database { get; } = ClickHouseIdentifier.Quote(database);

    /// <summary>Null engine: the server parses and discards; measures the client and the wire.</summary>
    public string Null { get; } = ClickHouseIdentifier.Qualify(database, "http_logs_null");

    /// <summary>MergeTree like http_logs: truncated before every run.</summary>
    public string MergeTree { get; } = ClickHouseIdentifier.Qualify(database, "http_logs_mergetree");

    /// <summary>Memory table that turns the TSV into a Native file.</summary>
    public string Stage { get; } = ClickHouseIdentifier.Qualify(database, "http_logs_stage");

    /// <summary>MergeTree the SELECT scenario reads (one part after OPTIMIZE FINAL).</summary>
    public string SelectSource { get; } = ClickHouseIdentifier.Qualify(database, "http_logs_select");

    public async Task CreateAsync(ClickHouseClient client, CancellationToken cancellationToken)
    {
        await DropAsync(client, cancellationToken);
        await client.CommandAsync($"CREATE DATABASE {Database}", cancellationToken: cancellationToken);
        await client.CommandAsync(WideTable.CreateSql(Null, WideTable.Null), cancellationToken: cancellationToken);
        await client.CommandAsync(WideTable.CreateSql(MergeTree, WideTable.MergeTree), cancellationToken: cancellationToken);
        await client.CommandAsync(WideTable.CreateSql(Stage, WideTable.Memory), cancellationToken: cancellationToken);
        await client.CommandAsync(WideTable.CreateSql(SelectSource, WideTable.MergeTree), cancellationToken: cancellationToken);
    }

    public Task DropAsync(ClickHouseClient client, CancellationToken cancellationToken)
        => client.CommandAsync($"DROP DATABASE IF EXISTS {Database}", cancellationToken: cancellationToken);
}
