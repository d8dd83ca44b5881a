using Ja4Data.Cli.Hosting;
using Ja4Data.Cli.Output;

namespace Ja4Data.Cli.Commands;

/// <summary><c>ja4data schema deploy [--dry-run]</c>: always the configured server, never a throw-away one.</summary>
internal sealed class SchemaDeployCommand(IAnsiConsole console) : AsyncCommand<SchemaDeploySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SchemaDeploySettings settings, CancellationToken cancellationToken)
    {
        await using var server = ServerTarget.Configured(settings.ToServerOptions(), minPoolSize: 1);
        console.MarkupLine($"Server: {Markup.Escape(server.Description)}");
        await RunAsync(server.Settings, settings.DryRun, console, cancellationToken);
        return 0;
    }

    public static async Task<SchemaDeployResult> RunAsync(ClickHouseSettings settings, bool dryRun, IAnsiConsole console, CancellationToken cancellationToken)
    {
        await using var client = new ClickHouseClient(settings);
        var result = await new SchemaDeployer(client, settings).DeployAsync(dryRun, cancellationToken);
        console.MarkupLine($"Server version [bold]{result.ServerVersion}[/]; logs database [bold]{Markup.Escape(settings.DbLogs)}[/], processing database [bold]{Markup.Escape(settings.DbProcessing)}[/].");
        if (dryRun)
        {
            if (result.Statements.Count == 0)
            {
                console.MarkupLine("Dry run: the schema is up to date; nothing would run.");
            }
            else
            {
                console.MarkupLine($"Dry run: {result.Statements.Count} statement(s) would run:");
                console.WriteLine();
                foreach (var sql in result.Statements)
                {
                    // Plain text, not markup: SQL is full of brackets.
                    console.WriteLine(sql.TrimEnd() + ";");
                    console.WriteLine();
                }
            }
        }

        console.Write(OutcomeTable(result));
        return result;
    }

    internal static Table OutcomeTable(SchemaDeployResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(result.DryRun ? "[bold]Schema (dry run)[/]" : "[bold]Schema[/]")
            .AddColumn("Migration").AddColumn("Status").AddColumn("Note");
        foreach (var outcome in result.Outcomes)
        {
            var color = outcome.Status switch
            {
                MigrationStatus.Applied => "green",
                MigrationStatus.Planned => "blue",
                MigrationStatus.Skipped => "yellow",
                _ => "grey",
            };
            table.AddRow(Markup.Escape(outcome.Migration.ToString()), $"[{color}]{StatusText(outcome.Status)}[/]", Markup.Escape(outcome.Reason ?? string.Empty));
        }

        var counts = result.Outcomes.GroupBy(o => o.Status).Select(g => $"{g.Count()} {StatusText(g.Key)}");
        return table.Caption(Markup.Escape(string.Join(", ", counts) + $"; {Units.Count(result.Statements.Count)} statement(s)"));
    }

    private static string StatusText(MigrationStatus status) => status switch
    {
        MigrationStatus.Applied => "applied",
        MigrationStatus.Planned => "planned",
        MigrationStatus.Skipped => "skipped",
        _ => "already applied",
    };
}
